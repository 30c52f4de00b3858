import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidCoverageValues, invalidInput, searchOnlyCoverageValues, validCoverageValues, validInput } from '../../src/arbitraries/index.ts';
import { loadOperationSpec } from '../../src/spec/load-spec.ts';
import { classify, expectedKinds, independentValidate, independentViolations, operations, rawSpec, repoRoot } from './independent-oracle.ts';

const specOf = (operation: string) => loadOperationSpec(`${repoRoot}/specs/${operation}.json`);

describe.each(operations)('coverage of %s', (operation) => {
  const spec = specOf(operation);
  const raw = rawSpec(operation);

  it('3000 valid samples show every identifier form and every length boundary of each member', () => {
    const samples = fc.sample(validInput(spec), { seed: 2024, numRuns: 3000 });
    for (const [name, member] of Object.entries(raw.input)) {
      const values = samples.map((input) => input[name] as string);
      for (const form of member.forms ?? []) {
        const regex = new RegExp(form.pattern, 'u');
        expect(values.some((value) => regex.test(value)), `${name} form ${form.name}`).toBe(true);
      }
      const lengths = new Set(values.map((value) => Array.from(value).length));
      const { min, max } = member.length!;
      for (const boundary of [min, min + 1, max - 1, max].filter((length) => length >= min && length <= max)) {
        expect(lengths.has(boundary), `${name} length ${boundary}`).toBe(true);
      }
      expect(Math.min(...lengths)).toBe(min);
      expect(Math.max(...lengths)).toBe(max);
    }
  });

  it('3000 invalid samples break every member in every applicable way', () => {
    const samples = fc.sample(invalidInput(spec), { seed: 2024, numRuns: 3000 });
    const seen = new Map<string, Set<string>>();
    for (const { input } of samples) {
      const broken = independentValidate(raw, input);
      expect(broken).toHaveLength(1);
      const member = broken[0]!.member;
      const kinds = classify(raw.input[member]!, member in input, input[member]);
      for (const kind of kinds) seen.set(member, (seen.get(member) ?? new Set()).add(kind));
    }
    for (const [name, member] of Object.entries(raw.input)) {
      const missing = expectedKinds(member).filter((kind) => !seen.get(name)?.has(kind));
      expect(missing, `${name} kinds never generated`).toEqual([]);
    }
  });

  it('the valid coverage values are valid and include each documented form example (where the documentation prints one) and each length boundary', () => {
    for (const [name, member] of Object.entries(spec.input)) {
      const entries = validCoverageValues(member);
      const rawMember = raw.input[name]!;
      for (const entry of entries) expect(independentViolations(rawMember, entry.value), entry.description).toEqual([]);
      for (const form of rawMember.forms ?? []) if (form.example !== undefined) expect(entries.map((entry) => entry.value)).toContain(form.example);
      const lengths = entries.map((entry) => Array.from(entry.value).length);
      const { min, max } = rawMember.length!;
      expect(lengths).toEqual(expect.arrayContaining([min, max]));
      expect(new Set(entries.map((entry) => entry.description)).size).toBe(entries.length);
      expect(validCoverageValues(member)).toEqual(entries);
    }
  });

  it('the invalid coverage values carry labels the independent validator agrees with, one per applicable kind', () => {
    for (const [name, member] of Object.entries(spec.input)) {
      const rawMember = raw.input[name]!;
      const entries = invalidCoverageValues(member);
      const kinds = new Set<string>();
      for (const entry of entries) {
        const value = entry.absent ? undefined : entry.value;
        expect(entry.constraints, entry.description).toEqual(independentViolations(rawMember, value));
        expect(entry.constraints.length, entry.description).toBeGreaterThan(0);
        for (const kind of classify(rawMember, entry.absent !== true, entry.value)) kinds.add(kind);
      }
      expect(expectedKinds(rawMember).filter((kind) => !kinds.has(kind))).toEqual([]);
      expect(new Set(entries.map((entry) => entry.description)).size).toBe(entries.length);
    }
  });

  it('the search-only values are valid under search matching and not under whole-value matching, one per member whose pattern is unanchored, none under whole-value matching', () => {
    const withValues: string[] = [];
    for (const [name, member] of Object.entries(spec.input)) {
      expect(searchOnlyCoverageValues(member)).toEqual([]);
      for (const entry of searchOnlyCoverageValues(member, { patternMatching: 'search' })) {
        withValues.push(name);
        expect(independentViolations(raw.input[name]!, entry.value, 'search'), entry.value).toEqual([]);
        expect(independentViolations(raw.input[name]!, entry.value, 'full'), entry.value).toEqual(['pattern']);
      }
    }
    const unanchored = Object.entries(raw.input).filter(([, member]) => member.pattern !== undefined && !member.pattern.startsWith('^')).map(([name]) => name);
    expect(withValues).toEqual(unanchored);
  });

  it('the invalid coverage values in search matching break the member under search matching', () => {
    for (const [name, member] of Object.entries(spec.input)) {
      for (const entry of invalidCoverageValues(member, { patternMatching: 'search' })) {
        const value = entry.absent ? undefined : entry.value;
        expect(entry.constraints.length).toBeGreaterThan(0);
        expect(entry.constraints, entry.description).toEqual(independentViolations(raw.input[name]!, value, 'search'));
      }
    }
  });
});

describe('documented lookalikes', () => {
  it('an organization ID of m- and 31 or 33 hex digits breaks length and pattern, a 65-character token ID only length', () => {
    const tokenSpec = specOf('DeletePersonalAccessToken');
    const organization = invalidCoverageValues(tokenSpec.input.OrganizationId!);
    const token = invalidCoverageValues(tokenSpec.input.PersonalAccessTokenId!);
    const organizationOfLength = (length: number) => organization.find((entry) => typeof entry.value === 'string' && Array.from(entry.value).length === length && /^m-[0-9a-f]+$/.test(entry.value));
    expect(organizationOfLength(33)?.constraints).toEqual(['length', 'pattern']);
    expect(organizationOfLength(35)?.constraints).toEqual(['length', 'pattern']);
    expect(token.find((entry) => typeof entry.value === 'string' && entry.value.length === 65)?.constraints).toEqual(['length']);
    expect(organization.some((entry) => typeof entry.value === 'string' && /^m-[0-9a-f]*[A-F][0-9a-f]*$/.test(entry.value) && entry.value.length === 34)).toBe(true);
  });
});
