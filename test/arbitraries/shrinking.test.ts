import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointsOfLength } from '../../src/arbitraries/_internals/code-point-layout.ts';
import { invalidInput, memberValue, validInput, type InvalidInput } from '../../src/arbitraries/index.ts';
import { parseSimplePattern } from '../../src/spec/simple-pattern.ts';
import { loadOperationSpec } from '../../src/spec/load-spec.ts';
import { independentValidate, rawSpec, repoRoot, type Kind } from './independent-oracle.ts';

const cases: { operation: string; member: string; constraints: Kind[]; seed: number }[] = [
  { operation: 'DeletePersonalAccessToken', member: 'PersonalAccessTokenId', constraints: ['length'], seed: 1 },
  { operation: 'DeletePersonalAccessToken', member: 'PersonalAccessTokenId', constraints: ['pattern'], seed: 2 },
  { operation: 'DeletePersonalAccessToken', member: 'OrganizationId', constraints: ['length', 'pattern'], seed: 3 },
  { operation: 'DeletePersonalAccessToken', member: 'OrganizationId', constraints: ['pattern'], seed: 4 },
  { operation: 'DeleteMailboxPermissions', member: 'EntityId', constraints: ['type'], seed: 5 },
  { operation: 'DeleteMailboxPermissions', member: 'GranteeId', constraints: ['required'], seed: 6 },
  { operation: 'DeleteMailboxPermissions', member: 'GranteeId', constraints: ['length'], seed: 7 },
];

describe('shrinking invalid inputs', () => {
  it.each(cases)('a shrunk counterexample still breaks $member with exactly $constraints', ({ operation, member, constraints, seed }) => {
    const spec = loadOperationSpec(`${repoRoot}/specs/${operation}.json`);
    const raw = rawSpec(operation);
    const breaksTarget = ({ input }: InvalidInput) => {
      const broken = independentValidate(raw, input);
      return broken.length === 1 && broken[0]!.member === member && broken[0]!.constraints.join() === constraints.join();
    };
    const details = fc.check(fc.property(invalidInput(spec), (generated) => !breaksTarget(generated)), { seed, numRuns: 5000 });
    expect(details.failed).toBe(true);
    const [shrunk] = details.counterexample!;
    expect(details.numShrinks).toBeGreaterThan(0);
    expect(independentValidate(raw, shrunk.input)).toEqual([{ member: shrunk.violation.member, constraints: [...shrunk.violation.constraints] }]);
    expect(shrunk.violation).toEqual({ member, constraints });
  });
});

describe('shrinking pattern-shaped strings', () => {
  const hexId = parseSimplePattern('^m-[0-9a-f]{32}$')!.segments;

  it('shrinks every character that the failure does not need to the first character of its set', () => {
    const details = fc.check(fc.property(codePointsOfLength(hexId, 34).map((codePoints) => codePoints.join('')), (id) => !id.includes('f')), { seed: 11 });

    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0]).toMatch(/^m-0*f0*$/);
  });
});

describe('shrinking a pattern break across the kinds of its family', () => {
  it('shrinks a full-length break of foreign characters to the shortest value that still fails (bugs2: "!" and 63 "-"), whatever kind of its family drew it', () => {
    const spec = loadOperationSpec(`${repoRoot}/specs/DeletePersonalAccessToken.json`);
    const breaksPatternOnly = ({ violation }: InvalidInput) => violation.member === 'PersonalAccessTokenId' && violation.constraints.join() === 'pattern';
    const shrunkLengths: number[] = [];
    for (let seed = 1; seed <= 40; seed += 1) {
      const details = fc.check(fc.property(invalidInput(spec), (generated) => !breaksPatternOnly(generated)), { seed, numRuns: 5000 });
      const value = details.counterexample?.[0].input['PersonalAccessTokenId'];
      shrunkLengths.push(typeof value === 'string' ? [...value].length : Number.NaN);
    }
    // One foreign character, or a valid one and an edge character ("-\n"); never 64 (seed 31 drew 63 "-" and a final newline).
    expect(shrunkLengths.filter((length) => length <= 2)).toHaveLength(40);
  });
});

describe('shrinking the length of valid values (trialN #1)', () => {
  const permissions = loadOperationSpec(`${repoRoot}/specs/DeleteMailboxPermissions.json`);
  const tokens = loadOperationSpec(`${repoRoot}/specs/DeletePersonalAccessToken.json`);
  const seeds = Array.from({ length: 20 }, (_, index) => index + 1);

  it('shrinks a value that fails for one character it holds to that character alone, whatever length it was drawn at (a boundary, a range)', () => {
    const grantees = seeds.map((seed) => fc.check(fc.property(validInput(permissions), (input) => !String(input['GranteeId']).includes('.')), { seed }).counterexample?.[0]['GranteeId']);
    // Where the only forms holding a "." are emails, the shortest email the form allows.
    expect(grantees.filter((grantee) => grantee !== '.' && grantee !== '0@0.aa')).toEqual([]);
    const tokenIds = seeds.map((seed) => fc.check(fc.property(memberValue(tokens.input['PersonalAccessTokenId']!), (value) => !value.includes('L')), { seed }).counterexample?.[0]);
    expect(tokenIds.filter((value) => value !== 'L')).toEqual([]);
  });

  it('keeps every shrunk value valid, and the length where the failure needs it', () => {
    const longOnes = seeds.map((seed) => fc.check(fc.property(memberValue(permissions.input['EntityId']!), (value) => [...value].length < 200), { seed, numRuns: 500 }).counterexample?.[0]);
    for (const value of longOnes) {
      expect(value).toMatch(/^[a-zA-Z0-9._%+@-]+$/);
      expect([...(value ?? '')].length).toBe(200);
    }
  });
});
