import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import { defaultReadings } from '../../src/mock/mock-readings.ts';
import type { HttpResponseMessage } from '../../src/wire/http-message.ts';

function deletePermission(input: Record<string, unknown>): { method: string; path: string; headers: Record<string, string>; body: string } {
  return { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'WorkMailService.DeleteMailboxPermissions' }, body: JSON.stringify(input) };
}

function typeOf(response: HttpResponseMessage): string | number {
  return response.status === 200 ? 200 : ((JSON.parse(response.body) as Record<string, string>)['__type'] ?? 'none');
}

const valid = { OrganizationId: demoIds.organizationId, EntityId: 'alice', GranteeId: 'sales' };

describe('readings of the open points', () => {
  it('defaults to the documented errors and refuses disabled entities', () => {
    expect(defaultReadings).toEqual({
      constraintViolation: 'InvalidParameterException',
      wrongType: 'InvalidParameterException',
      deletedOrganization: 'OrganizationStateException',
      disabledEntity: 'EntityStateException',
    });
  });

  it('answers constraint violations with ValidationException when asked', () => {
    const mock = createWorkMailMock({ readings: { constraintViolation: 'ValidationException' } });
    expect(typeOf(mock.handle(deletePermission({ ...valid, EntityId: 'a b' })))).toBe('ValidationException');
  });

  it('answers wrong JSON types with SerializationException when asked, before constraint violations', () => {
    const mock = createWorkMailMock({ readings: { wrongType: 'SerializationException' } });
    expect(typeOf(mock.handle(deletePermission({ ...valid, EntityId: 'a b', GranteeId: 3 })))).toBe('SerializationException');
  });

  it('answers a Deleted organization with OrganizationNotFoundException when asked, but still refuses other states', () => {
    const mock = createWorkMailMock({ readings: { deletedOrganization: 'OrganizationNotFoundException' } });
    expect(typeOf(mock.handle(deletePermission({ ...valid, OrganizationId: demoIds.deletedOrganizationId })))).toBe('OrganizationNotFoundException');
    expect(typeOf(mock.handle(deletePermission({ ...valid, OrganizationId: demoIds.creatingOrganizationId })))).toBe('OrganizationStateException');
  });

  it('accepts a DISABLED entity or grantee when asked, but still refuses a DELETED one', () => {
    const mock = createWorkMailMock({ readings: { disabledEntity: 'success' } });
    expect(typeOf(mock.handle(deletePermission({ ...valid, EntityId: 'bob' })))).toBe(200);
    expect(typeOf(mock.handle(deletePermission({ ...valid, GranteeId: 'bob' })))).toBe(200);
    expect(typeOf(mock.handle(deletePermission({ ...valid, EntityId: 'carol' })))).toBe('EntityStateException');
  });

  it('checks the organization before the entity and the entity before the grantee', () => {
    const mock = createWorkMailMock();
    expect(typeOf(mock.handle(deletePermission({ OrganizationId: `m-${'0'.repeat(32)}`, EntityId: 'nobody', GranteeId: 'carol' })))).toBe('OrganizationNotFoundException');
    expect(typeOf(mock.handle(deletePermission({ ...valid, EntityId: 'carol', GranteeId: 'nobody' })))).toBe('EntityStateException');
    expect(typeOf(mock.handle(deletePermission({ ...valid, EntityId: 'nobody', GranteeId: 'carol' })))).toBe('EntityNotFoundException');
  });

  it('rejects an unknown reading value with one line naming it', () => {
    expect(() => createWorkMailMock({ readings: { disabledEntity: 'maybe' as 'success' } })).toThrow(/readings: \$\.disabledEntity/);
  });

  it('restores the fixture on reset', () => {
    const mock = createWorkMailMock();
    mock.handle(deletePermission(valid));
    const afterDelete = mock.state.listMailboxPermissions(demoIds.organizationId, demoIds.aliceUserId).length;
    mock.reset();
    expect([afterDelete, mock.state.listMailboxPermissions(demoIds.organizationId, demoIds.aliceUserId).length]).toEqual([1, 2]);
  });
});
