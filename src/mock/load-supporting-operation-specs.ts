import { join } from 'node:path';
import { loadJsonFile } from '../load-json-file.ts';
import { builtInSpecsDirectory } from '../spec/load-spec.ts';
import { supportingOperationsFileSchema, type SupportingOperationSpec } from './supporting-spec-schema.ts';

/** The file, beside the operation specs, that lists the mock's setup and inspection operations. */
export const supportingOperationsFileName = 'supporting-operations.json';

/**
 * Loads and validates the supporting operations (PutMailboxPermissions, the List operations, DescribeOrganization); a broken file throws one line naming the JSON path.
 *
 * @example
 * loadSupportingOperationSpecs().map((spec) => spec.operation); // ['PutMailboxPermissions', 'ListMailboxPermissions', …]
 */
export function loadSupportingOperationSpecs(directory: string = builtInSpecsDirectory): SupportingOperationSpec[] {
  return loadJsonFile(join(directory, supportingOperationsFileName), supportingOperationsFileSchema).operations;
}
