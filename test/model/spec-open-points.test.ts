import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOperationSpec } from '../../src/spec/load-spec.ts';

const builtInSpecsDirectory = join(import.meta.dirname, '../../specs');

const scratch = mkdtempSync(join(tmpdir(), 'spec-open-points-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Loads a copy of the DeleteMailboxPermissions spec changed by `edit`; returns the one-line error, or `undefined`. */
function loadEdited(name: string, edit: (spec: Record<string, any>) => void): string | undefined {
  const spec = JSON.parse(readFileSync(join(builtInSpecsDirectory, 'DeleteMailboxPermissions.json'), 'utf8')) as Record<string, any>;
  edit(spec);
  const file = join(scratch, `${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  try {
    loadOperationSpec(file);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(`${file}: `, '');
  }
}

describe('open points and resource kinds in the spec format', () => {
  it('loads the built-in spec unchanged', () => {
    expect(loadEdited('unchanged', () => {})).toBeUndefined();
  });

  it.each<[string, (spec: Record<string, any>) => void, RegExp]>([
    ['a lookupOrder reading without an order', (spec) => delete spec.openPoints.find((p: any) => p.id === 'lookup-order').outcomes[0].order, /^\$\.openPoints\[\d+\]\.outcomes\[0\]/],
    ['an answer that also gives an order', (spec) => (spec.openPoints[0].outcomes[0].order = ['EntityId', 'GranteeId']), /^\$\.openPoints\[0\]\.outcomes\[0\]/],
    ['two readings of one name', (spec) => (spec.openPoints.find((p: any) => p.id === 'email-case').outcomes[1].reading = 'case-insensitive'), /reading 'case-insensitive' is listed twice/],
    ['a nameShared point of a state no entity gives its name up in', (spec) => (spec.openPoints.find((p: any) => p.id === 'reused-name').when.states = ['DISABLED']), /^\$\.openPoints\[\d+\]\.when\.states\[0\]: state 'DISABLED' is in no namedNotById open point/],
    ['an open point id listed twice', (spec) => spec.openPoints.push(spec.openPoints[0]), /open point id 'constraint-violation-error' is listed twice/],
    ['a lookupOrder naming no member', (spec) => (spec.openPoints.find((p: any) => p.id === 'lookup-order').when.members = ['EntityId', 'Nobody']), /names 'Nobody', which is not an input member/],
    ['a member referring to an undeclared kind', (spec) => (spec.input.GranteeId.refersTo = 'alias'), /^\$\.input\.GranteeId\.refersTo: names 'alias', which is neither organization, entity nor the resourceKind 'mailboxPermission'/],
    ['an effect on another kind than the declared one', (spec) => (spec.effect.resource = 'alias'), /^\$\.effect\.resource: names 'alias', but resourceKind\.name is 'mailboxPermission'/],
  ])('rejects %s with one line naming the JSON path', (_what, edit, message) => {
    const error = loadEdited(_what.replaceAll(' ', '-'), edit);
    expect(error).toMatch(message);
    expect(error?.split('\n')).toHaveLength(1);
  });
});
