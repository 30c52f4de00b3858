import { describe, expect, it } from 'vitest';
import { freshRandomForm } from '../../src/model/fresh-random-identifier.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';

const specs = loadOperationSpecs();
const permissions = findOperationSpec(specs, 'DeleteMailboxPermissions');
const organizationForms = permissions.input.OrganizationId?.forms;
const entityForms = permissions.input.EntityId?.forms;

describe('freshRandomForm', () => {
  it('names the high-entropy form of a value drawn at random', () => {
    expect(freshRandomForm(organizationForms, 'm-0f1e2d3c4b5a69788796a5b4c3d2e1f0')).toBe('organizationId');
    expect(freshRandomForm(entityForms, '0f0e0d0c-0b0a-4909-8807-060504030201')).toBe('uuid');
    expect(freshRandomForm(entityForms, 'r-9a8b7c6d5e4f30211203f4e5d6c7b8a9')).toBe('resourceId');
    expect(freshRandomForm(entityForms, 'S-1-5-21-1234567890-987654321-1122334455-1001')).toBe('sid');
  });

  it('takes no shrunk or boundary value for a random one, however well it matches the pattern', () => {
    expect(freshRandomForm(organizationForms, 'm-00000000000000000000000000000000')).toBeUndefined();
    expect(freshRandomForm(entityForms, 'S-1-0-0-0-0-0-0')).toBeUndefined();
    expect(freshRandomForm(entityForms, 'S-1-05-5050505050-0505050505-5050505050-0505050505-5050505050')).toBeUndefined();
    expect(freshRandomForm(entityForms, '00000000-0000-0000-0000-000000000000')).toBeUndefined();
    // Seven distinct letters and digits (the prefix's m among them), one short of the eight it takes; with an eighth, it counts.
    expect(freshRandomForm(organizationForms, 'm-01234501234501234501234501234501')).toBeUndefined();
    expect(freshRandomForm(organizationForms, 'm-01234561234561234561234561234561')).toBe('organizationId');
  });

  it("takes no form's documented example for a random value, in any letter case: people copy those into mocks", () => {
    expect(freshRandomForm(entityForms, '12345678-1234-1234-1234-123456789012')).toBeUndefined();
    expect(freshRandomForm(entityForms, 'r-0123456789a0123456789b0123456789')).toBeUndefined();
    expect(freshRandomForm(entityForms, 'S-1-1-12-1234567890-123456789-123456789-1234')).toBeUndefined();
    const form = [{ name: 'anything', pattern: '^[\\s\\S]+$', example: 'Ab3dEf7h', highEntropy: true }];
    expect(freshRandomForm(form, 'aB3DeF7H')).toBeUndefined();
    expect(freshRandomForm(form, 'aB3DeF7I')).toBe('anything');
  });

  it('has no organization ID example: the documentation prints none', () => {
    expect(organizationForms?.map((form) => form.example)).toEqual([undefined]);
  });

  it('names no form for a value of a form that is not high-entropy, nor for a member without forms', () => {
    expect(freshRandomForm(entityForms, 'qwertyuiop@example.com')).toBeUndefined();
    expect(freshRandomForm(entityForms, 'abcdefghijk')).toBeUndefined();
    expect(freshRandomForm(undefined, 'm-0f1e2d3c4b5a69788796a5b4c3d2e1f0')).toBeUndefined();
  });
});

describe('freshRandomForm on letters, case and other characters', () => {
  const form = [{ name: 'anything', pattern: '^[\\s\\S]+$', example: 'x', highEntropy: true }];

  it('counts a letter once in either case, and neither punctuation nor control characters', () => {
    expect(freshRandomForm(form, 'aAbBcCdD')).toBeUndefined();
    expect(freshRandomForm(form, 'abcdABCD1234')).toBe('anything');
    expect(freshRandomForm(form, 'abcd-_@[\u0010\u0011\u0012\u0013')).toBeUndefined();
    expect(freshRandomForm(form, 'abcd\u00e9\u00e8\u00ea\u00eb')).toBeUndefined();
    expect(freshRandomForm(form, 'zZyYxXwW0987')).toBe('anything');
  });
});
