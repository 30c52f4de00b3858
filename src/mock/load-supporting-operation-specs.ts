import { join } from 'node:path';
import { loadJsonFile, parseWithSchema } from '../load-json-file.ts';
import { builtInSupportingOperationsFile } from '../spec/built-in-specs.ts';
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
  if (directory === undefined) return parseWithSchema(supportingOperationsFileSchema, builtInSupportingOperationsFile.content, builtInSupportingOperationsFile.file).operations;
  return loadJsonFile(join(directory, supportingOperationsFileName), supportingOperationsFileSchema).operations;
}
