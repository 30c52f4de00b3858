import { join } from 'node:path';
import { loadJsonFile } from '../load-json-file.ts';
import { builtInSupportingOperationSpecs } from './built-in-supporting-operations.ts';
import { supportingOperationsFileSchema, type SupportingOperationSpec } from './supporting-spec-schema.ts';

/** The file, beside the operation specs, that lists the mock's setup and inspection operations. */
export const supportingOperationsFileName = 'supporting-operations.json';

/**
 * Loads and validates the supporting operations (the shipped ones, or the file in a folder) (PutMailboxPermissions, the List operations, DescribeOrganization); a broken file throws one line naming the JSON path.
 *
 * @example
 * loadSupportingOperationSpecs().map((spec) => spec.operation); // ['PutMailboxPermissions', 'ListMailboxPermissions', …]
 */
export function loadSupportingOperationSpecs(directory?: string): SupportingOperationSpec[] {
  if (directory === undefined) return builtInSupportingOperationSpecs();
  return loadJsonFile(join(directory, supportingOperationsFileName), supportingOperationsFileSchema).operations;
}
