import { builtInSupportingOperationsFile } from '../spec/built-in-specs.ts';
import type { SupportingOperationSpec } from './supporting-spec-schema.ts';

/**
 * The shipped supporting operations (PutMailboxPermissions, the List operations, DescribeOrganization), a fresh copy each
 * call. Like the shipped operation specs, they are validated by the tests, not on every start.
 *
 * @example
 * builtInSupportingOperationSpecs().map((spec) => spec.operation); // ['PutMailboxPermissions', 'ListMailboxPermissions', …]
 */
export function builtInSupportingOperationSpecs(): SupportingOperationSpec[] {
  return (structuredClone(builtInSupportingOperationsFile.content) as { operations: SupportingOperationSpec[] }).operations;
}
