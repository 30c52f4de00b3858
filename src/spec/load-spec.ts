import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config-error.ts';
import { formatJsonPath, loadJsonFile } from '../load-json-file.ts';
import { builtInCommonErrors, builtInOperationSpecs, byOperationName } from './built-in-specs.ts';
import { commonErrorsSchema, operationSpecSchema, type CommonErrors, type OperationSpec } from './spec-schema.ts';
import { errnoCode } from '../errno-code.ts';
import type { ShippedOperationSpec } from './shipped-operation-inputs.ts';

const commonErrorsFile = 'common-errors.json';
/** The mock's setup and inspection operations (src/mock reads it); not an operation contract. */
const supportingOperationsFile = 'supporting-operations.json';

/**
 * Loads and validates one operation spec; a broken spec throws one line naming the file and the JSON path.
 *
 * @example
 * // The package ships its specs: a path inside it, as Node resolves it (a spec file of your own takes its own path).
 * const spec = loadOperationSpec(fileURLToPath(import.meta.resolve('workmail-conformance/specs/DeleteMailboxPermissions.json')));
 * spec.input.EntityId?.length?.max; // 256
 */
export function loadOperationSpec(file: string): OperationSpec {
  const spec = loadJsonFile(file, operationSpecSchema);
  // A reading's error type is an answer a conformant target may give: one the operation does not document (nor AWS's
  // common errors) would be allowed by the open point and refused as undocumented by the checks, a false alarm.
  const known = new Set([...spec.errors.map((error) => error.type), ...commonErrorTypes(builtInCommonErrors())]);
  for (const [index, point] of spec.openPoints.entries()) {
    for (const [at, outcome] of point.outcomes.entries()) {
      if (outcome.type !== undefined && !known.has(outcome.type)) {
        throw new ConfigError(`${file}: ${formatJsonPath(['openPoints', index, 'outcomes', at, 'type'])}: '${outcome.type}' is neither an error of this operation (errors) nor an AWS common error: list it in errors, with its status and when`);
      }
    }
  }
  return spec;
}

/** The types of the AWS common and protocol errors. */
function commonErrorTypes(errors: CommonErrors): string[] {
  return [...errors.commonErrors, ...errors.protocolErrors].map((error) => error.type);
}

/**
 * Loads the AWS common errors and awsJson protocol errors: the shipped ones (embedded in the kit), or the `common-errors.json` in a folder.
 *
 * @example
 * const { commonErrors } = loadCommonErrors();
 */
export function loadCommonErrors(directory?: string): CommonErrors {
  if (directory === undefined) return builtInCommonErrors();
  return loadJsonFile(join(directory, commonErrorsFile), commonErrorsSchema);
}

/**
 * Loads the shipped operation specs (embedded in the kit), or every operation spec in a folder (every `*.json` but the
 * common errors, the mock's supporting operations and JSON Schemas), sorted by operation. The shipped ones are typed by
 * their operation's name, so that `validInput` of one draws its own input type.
 *
 * @example
 * const specs = loadOperationSpecs();
 * specs.map((spec) => spec.operation); // ['DeleteMailboxPermissions', 'DeletePersonalAccessToken']
 */
export function loadOperationSpecs(): ShippedOperationSpec[];
export function loadOperationSpecs(directory: string): OperationSpec[];
export function loadOperationSpecs(directory?: string): OperationSpec[];
export function loadOperationSpecs(directory?: string): OperationSpec[] {
  if (directory === undefined) return builtInOperationSpecs();
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    throw new ConfigError(`${directory}: cannot list the spec folder (${errnoCode(error, 'unreadable')})`);
  }
  const files = names.filter((name) => name.endsWith('.json') && name !== commonErrorsFile && name !== supportingOperationsFile && !name.endsWith('.schema.json')).sort();
  // A run of no operation would be "conformant" on nothing.
  if (files.length === 0) throw new ConfigError(`${directory}: holds no operation spec (a .json file other than ${commonErrorsFile} and ${supportingOperationsFile})`);
  const specs = files.map((name) => loadOperationSpec(join(directory, name)));
  // Two files of one operation would both run, under one name in the report.
  const fileOf = new Map<string, string>();
  for (const [index, spec] of specs.entries()) {
    const earlier = fileOf.get(spec.operation);
    if (earlier !== undefined) throw new ConfigError(`${directory}: ${spec.operation} is specified twice (${earlier} and ${files[index] ?? ''}); keep one`);
    fileOf.set(spec.operation, files[index] ?? '');
  }
  return specs.sort(byOperationName);
}

export { findOperationSpec } from './find-operation-spec.ts';
