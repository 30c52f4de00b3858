import {
  DeleteMailboxPermissionsCommand,
  DeletePersonalAccessTokenCommand,
  WorkMailClient,
  type WorkMailClientConfig,
} from '@aws-sdk/client-workmail';
import { demoIds } from '../../src/mock/demo-fixture.ts';

/** What an SDK user sees of one call: success, or the error's name and HTTP status. */
export type SdkOutcome = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly name: string; readonly status: number | undefined };

/** One call of a documented operation through the real WorkMailClient, with the outcome the documentation gives. */
export interface SdkCase {
  readonly title: string;
  readonly send: (client: WorkMailClient) => Promise<unknown>;
  readonly expected: SdkOutcome;
}

const unknownOrganizationId = `m-${'f'.repeat(32)}`;

/** A WorkMailClient with dummy credentials in us-east-1, no retries, optionally at an endpoint. */
export function workMailClient(endpoint?: string): WorkMailClient {
  const config: WorkMailClientConfig = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 };
  return new WorkMailClient(endpoint === undefined ? config : { ...config, endpoint });
}

/** Sends a command and reduces the result to what a user observes. */
export async function observe(send: () => Promise<{ $metadata: { httpStatusCode?: number } }>): Promise<SdkOutcome> {
  try {
    const output = await send();
    return { ok: true, status: output.$metadata.httpStatusCode ?? 0 };
  } catch (error) {
    const failure = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { ok: false, name: failure.name, status: failure.$metadata?.httpStatusCode };
  }
}

const token = (OrganizationId: string, PersonalAccessTokenId: string) => (client: WorkMailClient) =>
  client.send(new DeletePersonalAccessTokenCommand({ OrganizationId, PersonalAccessTokenId }));
const permission = (OrganizationId: string, EntityId: string, GranteeId: string) => (client: WorkMailClient) =>
  client.send(new DeleteMailboxPermissionsCommand({ OrganizationId, EntityId, GranteeId }));
const error = (name: string): SdkOutcome => ({ ok: false, name, status: 400 });
const success: SdkOutcome = { ok: true, status: 200 };

/** Every documented error of both operations against the demo organizations, then the happy paths (each on a fresh mock). */
export const sdkCases: readonly SdkCase[] = [
  { title: 'DeletePersonalAccessToken with a malformed organization ID', send: token('m-123', demoIds.aliceTokenId), expected: error('InvalidParameterException') },
  { title: 'DeletePersonalAccessToken with a token ID outside its pattern', send: token(demoIds.organizationId, 'tok en'), expected: error('InvalidParameterException') },
  { title: 'DeletePersonalAccessToken with a token ID of 65 characters', send: token(demoIds.organizationId, 'a'.repeat(65)), expected: error('InvalidParameterException') },
  { title: 'DeletePersonalAccessToken in an unknown organization', send: token(unknownOrganizationId, demoIds.aliceTokenId), expected: error('OrganizationNotFoundException') },
  { title: 'DeletePersonalAccessToken in a Deleted organization', send: token(demoIds.deletedOrganizationId, demoIds.aliceTokenId), expected: error('OrganizationStateException') },
  { title: 'DeletePersonalAccessToken in a Creating organization', send: token(demoIds.creatingOrganizationId, demoIds.aliceTokenId), expected: error('OrganizationStateException') },
  { title: 'DeletePersonalAccessToken of an existing token', send: token(demoIds.organizationId, demoIds.aliceTokenId), expected: success },
  { title: 'DeletePersonalAccessToken of a token that does not exist', send: token(demoIds.organizationId, 'no-such-token'), expected: success },
  { title: 'DeleteMailboxPermissions with an entity ID outside its pattern', send: permission(demoIds.organizationId, 'alice!', 'sales'), expected: error('InvalidParameterException') },
  { title: 'DeleteMailboxPermissions with an empty grantee ID', send: permission(demoIds.organizationId, 'alice', ''), expected: error('InvalidParameterException') },
  { title: 'DeleteMailboxPermissions in an unknown organization', send: permission(unknownOrganizationId, 'alice', 'sales'), expected: error('OrganizationNotFoundException') },
  { title: 'DeleteMailboxPermissions in a Deleted organization', send: permission(demoIds.deletedOrganizationId, 'erin', 'erin'), expected: error('OrganizationStateException') },
  { title: 'DeleteMailboxPermissions of an unknown entity', send: permission(demoIds.organizationId, 'nobody', 'sales'), expected: error('EntityNotFoundException') },
  { title: 'DeleteMailboxPermissions for an unknown grantee', send: permission(demoIds.organizationId, 'alice', 'nobody'), expected: error('EntityNotFoundException') },
  { title: 'DeleteMailboxPermissions of a DELETED entity', send: permission(demoIds.organizationId, demoIds.carolUserId, 'sales'), expected: error('EntityStateException') },
  { title: 'DeleteMailboxPermissions for a DELETED grantee', send: permission(demoIds.organizationId, 'alice', 'carol'), expected: error('EntityStateException') },
  { title: 'DeleteMailboxPermissions of a DISABLED entity', send: permission(demoIds.organizationId, 'bob', 'sales'), expected: error('EntityStateException') },
  { title: 'DeleteMailboxPermissions of an existing permission by IDs', send: permission(demoIds.organizationId, demoIds.aliceUserId, demoIds.salesGroupId), expected: success },
  { title: 'DeleteMailboxPermissions of an existing permission by email and name', send: permission(demoIds.organizationId, 'alice@example.com', 'dave'), expected: success },
  { title: 'DeleteMailboxPermissions of a permission that does not exist', send: permission(demoIds.organizationId, 'dave', 'meeting-room'), expected: success },
];
