import { describe, expect, it } from 'vitest';
import { caseInput } from '../../src/cases/case.ts';
import { coverageCases } from '../../src/cases/coverage-cases.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { demoFixtureFor } from '../../src/mock/demo-fixture.ts';
import { everyReading, oneReading } from '../../src/model/readings.ts';
import { evaluateOperation, malformedBody, modelRules, type Branch, type ModelWorld } from '../../src/model/work-mail-model.ts';
import { validateInput } from '../../src/spec/constraints.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';

const specs = loadOperationSpecs();
const fixture = demoFixtureFor(specs);
const worlds = [
  ['every reading, open world', (state: WorkMailState): ModelWorld => ({ state, closedWorld: false, choose: everyReading('documented') })],
  ['one reading, closed world', (state: WorkMailState): ModelWorld => ({ state, closedWorld: true, choose: oneReading({}) })],
] as const;

const withoutReasons = (branches: readonly Branch[]) => branches.map(({ reasons: _, ...rest }) => rest);

describe.each(specs.map((spec) => [spec.operation, spec] as const))('the model of %s', (_, spec) => {
  describe.each(worlds)('in a world of %s', (__, world) => {
    it('gives the same branches, readings and answers without explaining, and then no reason', () => {
      const state = WorkMailState.fromFixture(fixture);
      for (const testCase of coverageCases(spec, { fixture })) {
        const input = caseInput(testCase);
        const evaluate = (explain: boolean | undefined) => {
          const seen = { ...world(state), ...(explain === undefined ? {} : { explain }) };
          return input === undefined ? malformedBody(modelRules(spec), seen, 'not JSON') : evaluateOperation(spec, seen, input, validateInput(spec, input));
        };
        const explained = evaluate(undefined);
        const silent = evaluate(false);

        expect(withoutReasons(silent)).toEqual(withoutReasons(explained));
        expect(silent.flatMap((branch) => branch.reasons)).toEqual([]);
        expect(explained.every((branch) => branch.reasons.length > 0)).toBe(true);
      }
    });
  });
});
