// The shipped specs, embedded as JSON imports so that they travel inside every build (ESM, CommonJS, a user's bundle)
// instead of being looked up on disk beside the code. A test checks that this list matches the files in specs/.
import commonErrors from '../../specs/common-errors.json' with { type: 'json' };
import deleteMailboxPermissions from '../../specs/DeleteMailboxPermissions.json' with { type: 'json' };
import deletePersonalAccessToken from '../../specs/DeletePersonalAccessToken.json' with { type: 'json' };
import supportingOperations from '../../specs/supporting-operations.json' with { type: 'json' };
import type { CommonErrors, OperationSpec } from './spec-schema.ts';
import type { ShippedOperationSpec } from './shipped-operation-inputs.ts';

/** One shipped spec file: its name in specs/ (for error messages) and its parsed, not yet validated, content. */
export interface BuiltInSpecFile {
  readonly file: string;
  readonly content: unknown;
}

/** The operation contracts in specs/ (every `*.json` but the common errors, the supporting operations and the JSON Schemas). */
export const builtInOperationSpecFiles: readonly BuiltInSpecFile[] = [
  { file: 'specs/DeleteMailboxPermissions.json', content: deleteMailboxPermissions },
  { file: 'specs/DeletePersonalAccessToken.json', content: deletePersonalAccessToken },
];

/** specs/common-errors.json. */
export const builtInCommonErrorsFile: BuiltInSpecFile = { file: 'specs/common-errors.json', content: commonErrors };

/** specs/supporting-operations.json: the mock's setup and inspection operations. */
export const builtInSupportingOperationsFile: BuiltInSpecFile = { file: 'specs/supporting-operations.json', content: supportingOperations };

/**
 * Orders specs by operation name, code unit by code unit: the same order on every machine (`localeCompare` follows the
 * machine's locale, and its first call costs about 8 ms of start-up to set up ICU's collator).
 *
 * @example
 * specs.sort(byOperationName);
 */
export function byOperationName(a: OperationSpec, b: OperationSpec): number {
  return a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0;
}

// The shipped files are validated by the tests (test/spec/built-in-specs.test.ts: each passes its schema, which gives it
// back unchanged), not on every start: zod alone takes about a tenth of a second to load. Each call gives a fresh copy.

/**
 * The shipped operation specs, sorted by operation.
 *
 * @example
 * builtInOperationSpecs().map((spec) => spec.operation); // ['DeleteMailboxPermissions', 'DeletePersonalAccessToken']
 */
export function builtInOperationSpecs(): ShippedOperationSpec[] {
  const specs = builtInOperationSpecFiles.map(({ content }) => structuredClone(content) as ShippedOperationSpec);
  return specs.sort(byOperationName);
}

/**
 * The shipped AWS common errors and awsJson protocol errors.
 *
 * @example
 * builtInCommonErrors().commonErrors.some((error) => error.type === 'ThrottlingException'); // true
 */
export function builtInCommonErrors(): CommonErrors {
  return structuredClone(builtInCommonErrorsFile.content) as CommonErrors;
}
