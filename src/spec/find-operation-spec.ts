import { ConfigError } from '../config-error.ts';
import { describeValue } from '../check-options.ts';
import type { OperationSpec } from './spec-schema.ts';

/**
 * Finds a spec by operation name, or throws a one-line error listing the known names.
 *
 * @example
 * const spec = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
 */
export function findOperationSpec(specs: readonly OperationSpec[], operation: string): OperationSpec {
  if (!Array.isArray(specs)) throw new ConfigError(`findOperationSpec: specs: expected the list of specs, as loadOperationSpecs() gives it, got ${describeValue(specs)}`);
  const spec = specs.find((candidate) => candidate.operation === operation);
  if (spec === undefined) {
    throw new ConfigError(`unknown operation '${operation}' (known: ${specs.map((s) => s.operation).join(', ')})`);
  }
  return spec;
}
