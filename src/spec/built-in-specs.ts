// The shipped specs, embedded as JSON imports so that they travel inside every build (ESM, CommonJS, a user's bundle)
// instead of being looked up on disk beside the code. A test checks that this list matches the files in specs/.
import commonErrors from '../../specs/common-errors.json' with { type: 'json' };
import deleteMailboxPermissions from '../../specs/DeleteMailboxPermissions.json' with { type: 'json' };
import deletePersonalAccessToken from '../../specs/DeletePersonalAccessToken.json' with { type: 'json' };
import supportingOperations from '../../specs/supporting-operations.json' with { type: 'json' };

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
