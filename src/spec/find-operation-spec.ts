import { ConfigError } from '../config-error.ts';
import { describeValue } from '../check-options.ts';
import type { OperationSpec } from './spec-schema.ts';

/**
 * Finds a spec by operation name, or throws a one-line error listing the known names, after `source` (the flag or option
 * the name came from; `findOperationSpec` where none is given).
 *
 * @example
 * const spec = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
 * findOperationSpec(loadOperationSpecs(), 'Nope', '--operation'); // throws "--operation: unknown operation 'Nope' (known: …)"
 */
export function findOperationSpec(specs: readonly OperationSpec[], operation: string, source?: string): OperationSpec {
  if (!Array.isArray(specs)) throw new ConfigError(`findOperationSpec: specs: expected the list of specs, as loadOperationSpecs() gives it, got ${describeValue(specs)}`);
  const spec = specs.find((candidate) => candidate.operation === operation);
  if (spec === undefined) {
    const caseOnly = specs.find((candidate) => candidate.operation.toLowerCase() === String(operation).toLowerCase());
    const hint = caseOnly === undefined ? '' : ` (did you mean '${caseOnly.operation}'?)`;
    throw new ConfigError(`${source ?? 'findOperationSpec'}: unknown operation '${operation}'${hint} (known: ${specs.map((s) => s.operation).join(', ')})`);
  }
  return spec;
}
