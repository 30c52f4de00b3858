import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordShrunkInTurn, tupleShrunkInTurn } from '../../src/arbitraries/_internals/shrunk-in-turn.ts';
import { stringInLengthRange, stringOfLengthShrinkingTo } from '../../src/arbitraries/_internals/code-point-layout.ts';
import { parseSimplePattern } from '../../src/spec/simple-pattern.ts';
import { validInput } from '../../src/arbitraries/index.ts';
import { validMemberArbitraries } from '../../src/arbitraries/_internals/valid-member-arbitraries.ts';
import { loadOperationSpec } from '../../src/spec/load-spec.ts';
import { repoRoot } from './independent-oracle.ts';

const emailish = parseSimplePattern('[a-zA-Z0-9._%+@-]+')!.segments;
const long = () => stringInLengthRange(emailish, 1, 256);

describe('tupleShrunkInTurn and recordShrunkInTurn draw what fc.tuple and fc.record draw', () => {
  it('gives the values of fc.tuple at every seed', () => {
    for (let seed = 1; seed <= 30; seed += 1) {
      const members = [long(), fc.nat(), fc.constantFrom('a', 'b', 'c')] as const;
      expect(fc.sample(tupleShrunkInTurn<[string, number, string]>([...members]), { seed, numRuns: 20 })).toEqual(fc.sample(fc.tuple(...members), { seed, numRuns: 20 }));
    }
  });

  it('gives the values of fc.record with noNullPrototype, optional keys left out as it leaves them out, in its key order', () => {
    const model: Record<string, fc.Arbitrary<unknown>> = { EntityId: long(), GranteeId: long(), Nickname: fc.string() };
    Object.defineProperty(model, '__proto__', { value: fc.nat(), enumerable: true, configurable: true, writable: true });
    for (let seed = 1; seed <= 30; seed += 1) {
      for (const requiredKeys of [undefined, ['EntityId', 'GranteeId'], []]) {
        const ours = fc.sample(recordShrunkInTurn(model, requiredKeys), { seed, numRuns: 20 });
        const theirs = fc.sample(fc.record(model, { ...(requiredKeys === undefined ? {} : { requiredKeys }), noNullPrototype: true }), { seed, numRuns: 20 });
        expect(ours).toEqual(theirs);
        expect(ours.map((record) => Object.keys(record))).toEqual(theirs.map((record) => Object.keys(record)));
        expect(ours.every((record) => Object.getPrototypeOf(record) === Object.prototype)).toBe(true);
      }
    }
  });

  it("draws the shipped specs' valid inputs as fc.record of the same members drew them, at every seed (seeds and --path replays are unchanged)", () => {
    for (const operation of ['DeleteMailboxPermissions', 'DeletePersonalAccessToken']) {
      const spec = loadOperationSpec(`${repoRoot}/specs/${operation}.json`);
      const model = validMemberArbitraries(spec, undefined, 'validInput');
      const requiredKeys = Object.keys(spec.input).filter((name) => spec.input[name]?.required === true);
      for (let seed = 1; seed <= 10; seed += 1) {
        expect(fc.sample(validInput(spec), { seed, numRuns: 50 })).toEqual(fc.sample(fc.record(model, { requiredKeys, noNullPrototype: true }), { seed, numRuns: 50 }));
      }
    }
  });
});

describe('shrinking in turn (trialW #5)', () => {
  // A failure that needs one long member's two dots before its "@", and nothing of the other member; shrinking within a budget
  // of requests, as a run's shrinking sends one request per try.
  const needsTwoDots = (value: string) => value.lastIndexOf('@') > 0 && value.slice(0, value.lastIndexOf('@')).includes('..');
  const budget = 200;
  const shrunkWithin = (arbitrary: fc.Arbitrary<[string, string]>, seed: number): [string, string] | undefined => {
    let tries = 0;
    const details = fc.check(
      fc.property(arbitrary, ([entityId]) => {
        tries += 1;
        // The first try is the drawn case; past the budget every try passes, as a run's shrinking stops sending.
        if (tries > budget) return true;
        return !needsTwoDots(entityId);
      }),
      { seed, numRuns: 5000 },
    );
    return details.counterexample?.[0];
  };
  const seedsWithFailures = Array.from({ length: 40 }, (_, index) => index + 1);

  it('shrinks a member the failure does not need to its shortest, within the budget, where fc.tuple spent it all on the other member', () => {
    let shrunkInTurn = 0;
    let shrunkByTuple = 0;
    let failing = 0;
    for (const seed of seedsWithFailures) {
      const ours = shrunkWithin(tupleShrunkInTurn<[string, string]>([long(), long()]), seed);
      const theirs = shrunkWithin(fc.tuple(long(), long()), seed);
      if (ours === undefined || theirs === undefined) continue;
      failing += 1;
      expect(needsTwoDots(ours[0])).toBe(true);
      if (ours[1].length === 1) shrunkInTurn += 1;
      if (theirs[1].length === 1) shrunkByTuple += 1;
    }
    expect(failing).toBeGreaterThan(10);
    // Every counterexample's unneeded member is one character; fc.tuple left it long in some (their first member's shrinking
    // took the whole budget), which is what this arbitrary is for.
    expect(shrunkInTurn).toBe(failing);
    expect(shrunkByTuple).toBeLessThan(failing);
  });

  it('still shrinks the member the failure needs as far as fc.tuple does, when the budget allows', () => {
    let failing = 0;
    for (const seed of seedsWithFailures.slice(0, 10)) {
      const details = fc.check(fc.property(tupleShrunkInTurn<[string, string]>([long(), long()]), ([entityId]) => !needsTwoDots(entityId)), { seed, numRuns: 5000 });
      if (!details.failed) continue;
      failing += 1;
      const [entityId, other] = details.counterexample![0];
      expect(entityId).toMatch(/^[^@]*\.\.[^@]*@/);
      expect(entityId).toBe('..@');
      expect(other).toHaveLength(1);
    }
    expect(failing).toBeGreaterThan(5);
  });

  it('shrinks a value it was given rather than drew (fast-check examples), as fc.record does', () => {
    const arbitrary = recordShrunkInTurn({ EntityId: fc.string(), GranteeId: fc.string() });
    const details = fc.check(fc.property(arbitrary, (input) => !String(input['EntityId']).includes('x')), { examples: [[{ EntityId: 'aaxaa', GranteeId: 'zzz' }]], numRuns: 1, seed: 1 });
    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0]).toEqual({ EntityId: 'x', GranteeId: '' });
  });
});

describe('shrinking a long value goes on from where the last kept shrink left off', () => {
  // The failure needs 3 of a value's characters ("..@" in that order); every try after the drawn case is a request in a run.
  const needsTwoDots = (value: string) => value.lastIndexOf('@') > 0 && value.slice(0, value.lastIndexOf('@')).includes('..');
  const triesToShrink = (seed: number): { tries: number; shrunk: string } | undefined => {
    let failedOnce = false;
    let tries = 0;
    const details = fc.check(
      fc.property(stringOfLengthShrinkingTo(emailish, 255, 1), (value) => {
        if (failedOnce) tries += 1;
        const passes = !needsTwoDots(value);
        if (!passes) failedOnce = true;
        return passes;
      }),
      { seed, numRuns: 20_000 },
    );
    return details.failed ? { tries, shrunk: details.counterexample![0] } : undefined;
  };

  it('takes a value of 255 characters down to the 3 the failure needs in well under the 200 tries a run allows', () => {
    const tries: number[] = [];
    for (let seed = 1; seed <= 12; seed += 1) {
      const result = triesToShrink(seed);
      if (result === undefined) continue;
      expect(result.shrunk).toBe('..@');
      tries.push(result.tries);
    }
    expect(tries.length).toBeGreaterThan(5);
    // Restarting every shrink from the whole value took 300 to 450 tries here: each kept shrink tried again every run before it.
    expect(Math.max(...tries), tries.join()).toBeLessThan(150);
  });
});
