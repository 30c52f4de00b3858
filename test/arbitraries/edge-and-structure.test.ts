import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidCoverageValues, invalidInput, memberValue, validCoverageValues, validInput } from '../../src/arbitraries/index.ts';
import { loadOperationSpec } from '../../src/spec/load-spec.ts';
import type { MemberSpec } from '../../src/spec/spec-schema.ts';
import { allowedByPattern, independentValidate, independentViolations, repoRoot, type RawMember } from './independent-oracle.ts';
import { memberWithForms, operationWith, structuredMember } from './member-specs.ts';

const tokenSpec = loadOperationSpec(`${repoRoot}/specs/DeletePersonalAccessToken.json`);
const permissionsSpec = loadOperationSpec(`${repoRoot}/specs/DeleteMailboxPermissions.json`);
const organizationId = tokenSpec.input['OrganizationId'] as MemberSpec;
const tokenId = tokenSpec.input['PersonalAccessTokenId'] as MemberSpec;
const entityId = permissionsSpec.input['EntityId'] as MemberSpec;

const edgeCharacters = [' ', '\t', '\n', '\r', '\u0000'];
const asMember = (raw: RawMember) => raw as unknown as MemberSpec;
const length = (value: string) => Array.from(value).length;
const madeOfAllowed = (pattern: string, value: string) => Array.from(value).every((character) => allowedByPattern(pattern, character));
const coverage = (member: MemberSpec) => invalidCoverageValues(member).filter((entry): entry is typeof entry & { value: string } => typeof entry.value === 'string');
const brokenValueOf = (input: Record<string, unknown>, member: string) => input[member];

describe('edge breaks in the coverage values', () => {
  it('put a leading and a trailing space, tab, line feed, carriage return and NUL on a valid PersonalAccessTokenId, each breaking only the pattern', () => {
    const values = coverage(tokenId);

    for (const character of edgeCharacters) {
      const leading = values.find((entry) => entry.family === 'edge' && entry.value.startsWith(character));
      const trailing = values.find((entry) => entry.family === 'edge' && entry.value.endsWith(character) && !entry.value.startsWith(character));

      expect(leading?.constraints, `leading ${JSON.stringify(character)}`).toEqual(['pattern']);
      expect(trailing?.constraints, `trailing ${JSON.stringify(character)}`).toEqual(['pattern']);
      expect(violatedNothing(tokenId, leading!.value.slice(1))).toBe(true);
      expect(violatedNothing(tokenId, trailing!.value.slice(0, -1))).toBe(true);
    }
  });

  it('include a valid value followed by one "\\n", and the same at full length where only the pattern is broken', () => {
    for (const member of [tokenId, organizationId, entityId]) {
      const max = member.length!.max;
      const trailing = coverage(member).filter((entry) => entry.family === 'edge' && entry.value.endsWith('\n') && !entry.value.slice(0, -1).includes('\n'));
      const fullLength = trailing.find((entry) => length(entry.value) === max);

      expect(trailing.some((entry) => violatedNothing(member, entry.value.slice(0, -1)))).toBe(true);
      expect(fullLength?.constraints, member.pattern).toEqual(['pattern']);
    }
  });
});

function violatedNothing(member: MemberSpec, value: string): boolean {
  return independentViolations(member as unknown as RawMember, value).length === 0;
}

describe('structure breaks in the coverage values', () => {
  it('drop, move and repeat the m- of an organization ID, keeping 34 allowed characters', () => {
    const values = coverage(organizationId).filter((entry) => entry.family === 'structure').map((entry) => entry.value);

    expect(values).toEqual(expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{34}$/), expect.stringMatching(/^[0-9a-f]{32}m-$/), expect.stringMatching(/^m-m-[0-9a-f]{30}$/), expect.stringMatching(/^-m[0-9a-f]{32}$/)]));
    for (const value of values) {
      expect(madeOfAllowed('^m-[0-9a-f]{32}$', value), value).toBe(true);
      expect(independentViolations({ type: 'string', required: true, length: { min: 34, max: 34 }, pattern: '^m-[0-9a-f]{32}$' }, value)).toContain('pattern');
    }
    expect(values.filter((value) => length(value) === 34).length).toBeGreaterThanOrEqual(5);
  });

  it("put a character the pattern allows in a segment that does not allow it: a '-' or 'm' among an organization ID's hex digits, a hex digit for its 'm' or '-'", () => {
    const values = coverage(organizationId).filter((entry) => entry.family === 'structure').map((entry) => entry.value);

    expect(values).toEqual(expect.arrayContaining([expect.stringMatching(/^m-m[0-9a-f]{31}$/), expect.stringMatching(/^m--[0-9a-f]{31}$/), expect.stringMatching(/^[0-9a-f]-[0-9a-f]{32}$/), expect.stringMatching(/^m[0-9a-f]{33}$/)]));
  });

  it("catch, in the property phase, validators that let an allowed character into the wrong segment (every seed, 3000 runs)", () => {
    const loose = [/^m-[0-9a-f-]{32}$/, /^m-[0-9a-fm]{32}$/, /^[m0-9a-f]-[0-9a-f]{32}$/];
    for (const seed of [1, 2, 3, 4, 5]) {
      const organizations = fc
        .sample(invalidInput(tokenSpec), { seed, numRuns: 3000 })
        .filter(({ violation }) => violation.member === 'OrganizationId')
        .map(({ input }) => brokenValueOf(input, 'OrganizationId'));
      for (const validator of loose) expect(organizations.some((value) => typeof value === 'string' && validator.test(value)), `seed ${seed}: ${validator}`).toBe(true);
    }
  });

  it('are not made for a member whose pattern has no structure (one class, unbounded)', () => {
    expect(coverage(tokenId).filter((entry) => entry.family === 'structure')).toEqual([]);
    expect(coverage(entityId).filter((entry) => entry.family === 'structure')).toEqual([]);
  });

  it('are made of allowed characters only and break the pattern, for generated member specs', () => {
    fc.assert(
      fc.property(structuredMember, (raw) => {
        for (const entry of invalidCoverageValues(asMember(raw)).filter((candidate) => candidate.family === 'structure')) {
          const value = entry.value as string;
          expect(madeOfAllowed(raw.pattern!, value), `${raw.pattern}: ${JSON.stringify(value)}`).toBe(true);
          expect(independentViolations(raw, value)).toContain('pattern');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('every coverage value and generated value of a generated member spec', () => {
  it('carries the label an independent validator gives, and never labels a valid value invalid', () => {
    fc.assert(
      fc.property(structuredMember, (raw) => {
        const member = asMember(raw);
        for (const entry of invalidCoverageValues(member)) {
          const violations = independentViolations(raw, entry.absent === true ? undefined : entry.value);
          expect(violations.length, `${raw.pattern} ${JSON.stringify(entry.value)}`).toBeGreaterThan(0);
          expect(entry.constraints).toEqual(violations);
        }
        for (const entry of validCoverageValues(member)) expect(independentViolations(raw, entry.value), `${raw.pattern} ${entry.description}`).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('invalid inputs break exactly the labelled member and constraints; valid inputs and member values are valid', () => {
    fc.assert(
      fc.property(structuredMember, fc.integer(), (raw, seed) => {
        const { spec, raw: rawSpec } = operationWith(raw);
        for (const { input, violation } of fc.sample(invalidInput(spec), { seed, numRuns: 30 })) {
          expect(independentValidate(rawSpec, input), `${raw.pattern} ${JSON.stringify(input)}`).toEqual([{ member: violation.member, constraints: [...violation.constraints] }]);
        }
        for (const input of fc.sample(validInput(spec), { seed, numRuns: 10 })) expect(independentValidate(rawSpec, input)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same values for the same seed', () => {
    fc.assert(
      fc.property(structuredMember, fc.integer(), (raw, seed) => {
        const { spec } = operationWith(raw);
        expect(fc.sample(invalidInput(spec), { seed, numRuns: 20 })).toEqual(fc.sample(invalidInput(spec), { seed, numRuns: 20 }));
        expect(invalidCoverageValues(asMember(raw))).toEqual(invalidCoverageValues(asMember(raw)));
      }),
      { numRuns: 50 },
    );
  });
});

describe('edge and structure kinds in the property phase', () => {
  it('3000 invalid samples hold leading and trailing edge characters, a final "\\n" at full length, and each structure break of the organization ID', () => {
    const samples = fc.sample(invalidInput(tokenSpec), { seed: 2024, numRuns: 3000 });
    const broken = (member: string) => samples.filter(({ violation }) => violation.member === member).map(({ input }) => brokenValueOf(input, member)).filter((value): value is string => typeof value === 'string');
    const tokens = broken('PersonalAccessTokenId');
    const organizations = broken('OrganizationId');

    for (const character of edgeCharacters) {
      expect(tokens.some((value) => value.startsWith(character) && violatedNothing(tokenId, value.slice(1))), `leading ${JSON.stringify(character)}`).toBe(true);
      expect(tokens.some((value) => value.endsWith(character) && violatedNothing(tokenId, value.slice(0, -1))), `trailing ${JSON.stringify(character)}`).toBe(true);
    }
    expect(tokens.some((value) => value.endsWith('\n') && length(value) === 64)).toBe(true);
    expect(organizations.some((value) => /^[0-9a-f]{34}$/.test(value))).toBe(true);
    expect(organizations.some((value) => /^[0-9a-f]+m-[0-9a-f]*$/.test(value) && length(value) === 34)).toBe(true);
    expect(organizations.some((value) => /^m-m-[0-9a-f]{30}$/.test(value))).toBe(true);
    expect(organizations.some((value) => /^-m[0-9a-f]{32}$/.test(value))).toBe(true);
  });

  it('a shrunk counterexample of a "final line feed accepted" failure keeps its line feed and a true label', () => {
    const details = fc.check(
      fc.property(invalidInput(tokenSpec), ({ input }) => {
        const value = input['PersonalAccessTokenId'];
        return !(typeof value === 'string' && value.endsWith('\n') && violatedNothing(tokenId, value.slice(0, -1)));
      }),
      { seed: 3, numRuns: 2000 },
    );

    expect(details.failed).toBe(true);
    const [shrunk] = details.counterexample!;
    expect(details.numShrinks).toBeGreaterThan(0);
    expect(shrunk.violation).toEqual({ member: 'PersonalAccessTokenId', constraints: ['pattern'] });
    // The shortest valid value (or, from the full-length kind, the longest one) of the set's first character, then "\n".
    expect(shrunk.input['PersonalAccessTokenId']).toMatch(/^(-|-{63})\n$/);
  });

  it('are not made in search matching, where a value that contains a match is valid', () => {
    const samples = fc.sample(invalidInput(tokenSpec, { semantics: { patternMatching: 'search' } }), { seed: 8, numRuns: 1000 });

    expect(samples.some(({ input }) => Object.values(input).some((value) => typeof value === 'string' && value.endsWith('\n') && violatedNothing(tokenId, value.slice(0, -1))))).toBe(false);
  });
});

describe('letter cases of identifier forms', () => {
  it('an upper-case and a mixed-case UUID and resource ID are valid EntityIds, in coverage and in generated values', () => {
    const values = validCoverageValues(entityId);
    const generated = fc.sample(memberValue(entityId), { seed: 5, numRuns: 2000 });

    for (const pool of [values.map((entry) => entry.value), generated]) {
      expect(pool.some((value) => /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(value) && /[A-F]/.test(value))).toBe(true);
      expect(pool.some((value) => /^[rR]-[0-9a-fA-F]{32}$/.test(value) && /[A-F]/.test(value) && /[a-f]/.test(value))).toBe(true);
      expect(pool.some((value) => /^[A-Z0-9._%+-]+@[A-Z0-9-]+\.[A-Z]+$/.test(value))).toBe(true);
    }
    for (const value of values) expect(violatedNothing(entityId, value.value), value.description).toBe(true);
  });

  it('no organization ID in upper case, which its pattern does not allow', () => {
    const values = validCoverageValues(organizationId).map((entry) => entry.value);
    const generated = fc.sample(memberValue(organizationId), { seed: 5, numRuns: 500 });

    expect([...values, ...generated].some((value) => /[A-Z]/.test(value))).toBe(false);
  });

  it('each form of a generated member appears in upper case exactly when the member allows every such value, and every value is valid', () => {
    fc.assert(
      fc.property(memberWithForms, (raw) => {
        const member = asMember(raw);
        const values = validCoverageValues(member);
        const generated = fc.sample(memberValue(member), { seed: 1, numRuns: 200 });
        for (const value of [...values.map((entry) => entry.value), ...generated]) expect(independentViolations(raw, value), `${raw.pattern} ${value}`).toEqual([]);
        const upper = values.filter((entry) => entry.letterCase === 'upper');
        const memberTakesUpper = raw.pattern!.includes('A-Z') || raw.pattern!.includes('A-F');
        const formsWithLetters = raw.forms!.filter((form) => /\[a-z|a-f\]|r-/.test(form.pattern));
        if (!memberTakesUpper) expect(upper).toEqual([]);
        if (memberTakesUpper && raw.pattern!.includes('A-Z')) {
          for (const form of formsWithLetters) expect(upper.some((entry) => new RegExp(form.pattern, 'i').test(entry.value)), form.pattern).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
