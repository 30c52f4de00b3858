import { describe, expect, it } from 'vitest';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { everyReading, oneReading, type ReadingChooser } from '../../src/model/readings.ts';
import { evaluateOperation } from '../../src/model/work-mail-model.ts';
import { validateInput } from '../../src/spec/constraints.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';

const spec = loadOperationSpecs().find((candidate) => candidate.operation === 'DeleteMailboxPermissions')!;
const organization = demoFixture.organizations[0]!;
// Neither entity exists: which one the lookup names as missing is what the lookup order decides.
const input = { OrganizationId: organization.id, EntityId: 'nobody-entity', GranteeId: 'nobody-grantee' };

function answers(choose: ReadingChooser): string[] {
  const world = { state: WorkMailState.fromFixture(demoFixture), closedWorld: true, choose };
  return evaluateOperation(spec, world, input, validateInput(spec, input)).map((branch) => `${JSON.stringify(branch.readings)} ${JSON.stringify(branch.outcome)}`);
}

describe('the lookup order open point', () => {
  it('looks members up in the order each reading gives', () => {
    const entityFirst = answers(oneReading({ 'lookup-order': 'entity-first' }));
    const granteeFirst = answers(oneReading({ 'lookup-order': 'grantee-first' }));
    expect(entityFirst.join()).toContain('nobody-entity');
    expect(granteeFirst.join()).toContain('nobody-grantee');
    expect(entityFirst).not.toEqual(granteeFirst);
  });

  it('gives a chooser of your own, whose readings are copies of the spec’s, the same orders', () => {
    const copying: ReadingChooser = (point) => everyReading('documented')(point).map((outcome) => ({ ...outcome }));
    expect(answers(copying)).toEqual(answers(everyReading('documented')));
    expect(answers(copying).length).toBeGreaterThan(1);
  });
});
