import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import { defaultReadingsOf } from '../../src/mock/mock-readings.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import type { HttpResponseMessage } from '../../src/wire/http-message.ts';

function deletePermission(input: Record<string, unknown>): { method: string; path: string; headers: Record<string, string>; body: string } {
  return { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'WorkMailService.DeleteMailboxPermissions' }, body: JSON.stringify(input) };
}

function typeOf(response: HttpResponseMessage): string | number {
  return response.status === 200 ? 200 : ((JSON.parse(response.body) as Record<string, string>)['__type'] ?? 'none');
}

const valid = { OrganizationId: demoIds.organizationId, EntityId: 'alice', GranteeId: 'sales' };

describe('readings of the open points', () => {
  it('defaults to the first documented reading of every open point of the specs', () => {
    expect(defaultReadingsOf(loadOperationSpecs())).toEqual({
      'constraint-violation-error': 'InvalidParameterException',
      'wrong-type-error': 'InvalidParameterException',
      'absent-delete': 'success',
      'deleted-organization': 'OrganizationStateException',
      'disabled-entity': 'EntityStateException',
      'deleted-entity': 'EntityStateException',
      'malformed-body': 'SerializationException',
      'email-case': 'case-insensitive',
      'name-case': 'case-insensitive',
      'id-case': 'case-insensitive',
      'deleted-entity-by-name': 'found',
      'reused-name': 'not-deleted',
      'lookup-order': 'entity-first',
      'token-id-case': 'case-sensitive',
    });
    expect(createWorkMailMock().readings).toEqual(defaultReadingsOf(loadOperationSpecs()));
  });

  it('answers constraint violations with ValidationException when asked', () => {
    const mock = createWorkMailMock({ readings: { 'constraint-violation-error': 'ValidationException' } });
    expect(typeOf(mock.handle(deletePermission({ ...valid, EntityId: 'a b' })))).toBe('ValidationException');
  });

  it('answers wrong JSON types with SerializationException when asked, before constraint violations', () => {
    const mock = createWorkMailMock({ readings: { 'wrong-type-error': 'SerializationException' } });
    expect(typeOf(mock.handle(deletePermission({ ...valid, EntityId: 'a b', GranteeId: 3 })))).toBe('SerializationException');
  });

  it('answers a Deleted organization with OrganizationNotFoundException when asked, but still refuses other states', () => {
    const mock = createWorkMailMock({ readings: { 'deleted-organization': 'OrganizationNotFoundException' } });
    expect(typeOf(mock.handle(deletePermission({ ...valid, OrganizationId: demoIds.deletedOrganizationId })))).toBe('OrganizationNotFoundException');
    expect(typeOf(mock.handle(deletePermission({ ...valid, OrganizationId: demoIds.creatingOrganizationId })))).toBe('OrganizationStateException');
  });

  it('accepts a DISABLED entity or grantee when asked, but still refuses a DELETED one', () => {
    const mock = createWorkMailMock({ readings: { 'disabled-entity': 'success' } });
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

  it('looks entities up heeding letter case where asked, each form by its own open point', () => {
    const strictEmail = createWorkMailMock({ readings: { 'email-case': 'case-sensitive' } });
    expect(typeOf(strictEmail.handle(deletePermission({ ...valid, EntityId: 'ALICE@example.com' })))).toBe('EntityNotFoundException');
    expect(typeOf(strictEmail.handle(deletePermission({ ...valid, EntityId: 'ALICE' })))).toBe(200);
    const strictName = createWorkMailMock({ readings: { 'name-case': 'case-sensitive' } });
    expect(typeOf(strictName.handle(deletePermission({ ...valid, EntityId: 'ALICE' })))).toBe('EntityNotFoundException');
    expect(typeOf(strictName.handle(deletePermission({ ...valid, EntityId: 'ALICE@example.com' })))).toBe(200);
  });

  it('finds a DELETED entity by ID only where asked', () => {
    const mock = createWorkMailMock({ readings: { 'deleted-entity-by-name': 'not-found' } });
    expect(typeOf(mock.handle(deletePermission({ ...valid, EntityId: 'carol' })))).toBe('EntityNotFoundException');
    expect(typeOf(mock.handle(deletePermission({ ...valid, EntityId: demoIds.carolUserId })))).toBe('EntityStateException');
  });

  it('looks the grantee up before the entity where asked', () => {
    const mock = createWorkMailMock({ readings: { 'lookup-order': 'grantee-first' } });
    expect(typeOf(mock.handle(deletePermission({ ...valid, EntityId: 'carol', GranteeId: 'nobody' })))).toBe('EntityNotFoundException');
    expect(typeOf(createWorkMailMock().handle(deletePermission({ ...valid, EntityId: 'carol', GranteeId: 'nobody' })))).toBe('EntityStateException');
  });

  it('rejects an unknown open point or reading with one line naming it', () => {
    expect(() => createWorkMailMock({ readings: { 'disabled-entity': 'maybe' } })).toThrow(
      /^createWorkMailMock: readings: 'maybe' is not a reading of open point 'disabled-entity' \(EntityStateException \| success\)$/,
    );
    expect(() => createWorkMailMock({ readings: { disabledEntity: 'success' } })).toThrow(/'disabledEntity' is not an open point of the specs \(known: /);
    expect(() => createWorkMailMock({ readings: { 'malformed-body': 'any-4xx' } })).toThrow(/'any-4xx' is not a reading of open point 'malformed-body'/);
  });

  it('restores the fixture on reset', () => {
    const mock = createWorkMailMock();
    mock.handle(deletePermission(valid));
    const afterDelete = mock.state.listMailboxPermissions(demoIds.organizationId, demoIds.aliceUserId).length;
    mock.reset();
    expect([afterDelete, mock.state.listMailboxPermissions(demoIds.organizationId, demoIds.aliceUserId).length]).toEqual([1, 2]);
  });
});
