import { loadOperationSpecs, findOperationSpec } from '../../src/spec/load-spec.ts';
import type { TargetRequest } from '../../src/target/target.ts';
import { buildAwsJsonRequest } from '../../src/wire/aws-json.ts';

const specs = loadOperationSpecs();

/** Credentials with values distinctive enough to search every output for. */
export const testCredentials = Object.freeze({
  accessKeyId: 'AKIDTESTTARGETS0001',
  secretAccessKey: 'very-secret-test-key-do-not-print',
});

/** A valid DeleteMailboxPermissions input. */
export const mailboxPermissionsInput = Object.freeze({
  OrganizationId: 'm-0123456789abcdef0123456789abcdef',
  EntityId: 'entity@example.com',
  GranteeId: 'grantee@example.com',
});

/**
 * A target request for an operation, from an input object or a raw (possibly malformed) body.
 *
 * @example
 * targetRequest('DeleteMailboxPermissions', '{"OrganizationId":');
 */
export function targetRequest(operation: string, body: Readonly<Record<string, unknown>> | string): TargetRequest {
  const spec = findOperationSpec(specs, operation);
  return { operation, request: buildAwsJsonRequest(spec, body), input: typeof body === 'string' ? undefined : body };
}
