import { ConfigError } from '../config-error.ts';
import { describeValue } from '../check-options.ts';
import type { OperationSpec } from './spec-schema.ts';

/**
 * The spec of `specs` that a name picks: the one whose literal `operation` it is (a shipped spec), else any of them.
 *
 * @example
 * type Spec = SpecNamed<ShippedOperationSpec, 'DeletePersonalAccessToken'>; // ShippedOperationSpec<'DeletePersonalAccessToken'>
 */
export type SpecNamed<Spec extends OperationSpec, Name extends string> = [Extract<Spec, { readonly operation: Name }>] extends [never]
  ? Spec
  : Extract<Spec, { readonly operation: Name }>;

/**
 * Finds a spec by operation name, or throws a one-line error listing the known names, after `source` (the flag or option
 * the name came from; `findOperationSpec` where none is given). Among the shipped specs, a literal name types the spec
 * found by its operation (`ShippedOperationSpec<'DeletePersonalAccessToken'>`), so that `validInput` draws that input type.
 *
 * @example
 * const spec = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
 * findOperationSpec(loadOperationSpecs(), 'Nope', '--operation'); // throws "--operation: unknown operation 'Nope' (known: …)"
 */
export function findOperationSpec<Spec extends OperationSpec, Name extends string>(
  specs: readonly Spec[],
  operation: Name,
  source?: string,
): SpecNamed<Spec, Name> {
  if (!Array.isArray(specs)) throw new ConfigError(`findOperationSpec: specs: expected the list of specs, as loadOperationSpecs() gives it, got ${describeValue(specs)}`);
  const spec = specs.find((candidate) => candidate.operation === operation);
  if (spec === undefined) {
    const caseOnly = specs.find((candidate) => candidate.operation.toLowerCase() === String(operation).toLowerCase());
    const hint = caseOnly === undefined ? '' : ` (did you mean '${caseOnly.operation}'?)`;
    throw new ConfigError(`${source ?? 'findOperationSpec'}: unknown operation '${operation}'${hint} (known: ${specs.map((s) => s.operation).join(', ')})`);
  }
  return spec as SpecNamed<Spec, Name>;
}
