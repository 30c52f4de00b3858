import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const docsFolder = resolve(repoRoot, '../shared/docs');
const haveDocs = existsSync(docsFolder);

interface DocumentedMember {
  readonly min: number;
  readonly max: number;
  readonly pattern: string | undefined;
  readonly required: boolean;
}

function section(lines: readonly string[], start: string, end: string): string[] {
  const from = lines.indexOf(start);
  const to = lines.indexOf(end, from + 1);
  expect(from, `section ${start}`).toBeGreaterThanOrEqual(0);
  return lines.slice(from + 1, to < 0 ? undefined : to);
}

function documentedMember(lines: readonly string[], name: string): DocumentedMember {
  const from = lines.indexOf(name);
  expect(from, `member ${name} on the page`).toBeGreaterThanOrEqual(0);
  const block = lines.slice(from, lines.findIndex((line, index) => index > from && line.startsWith('Required:')) + 1);
  const lengthLine = block.find((line) => line.startsWith('Length Constraints:')) ?? '';
  const fixed = /Fixed length of (\d+)\./.exec(lengthLine);
  const range = /Minimum length of (\d+)\. Maximum length of (\d+)\./.exec(lengthLine);
  const pattern = block.find((line) => line.startsWith('Pattern: '))?.slice('Pattern: '.length);
  return {
    min: Number(fixed?.[1] ?? range?.[1]),
    max: Number(fixed?.[1] ?? range?.[2]),
    pattern,
    required: block.at(-1) === 'Required: Yes',
  };
}

function documentedErrors(lines: readonly string[]): { type: string; status: number }[] {
  const errors: { type: string; status: number }[] = [];
  section(lines, 'Errors', 'See Also').forEach((line, index, all) => {
    if (!/^[A-Z][A-Za-z]+Exception$/.test(line)) return;
    const status = all.slice(index + 1).find((next) => next.startsWith('HTTP Status Code: '));
    errors.push({ type: line, status: Number(status?.slice('HTTP Status Code: '.length)) });
  });
  return errors.sort((a, b) => a.type.localeCompare(b.type));
}

describe.skipIf(!haveDocs)(`specs against the documentation pages in ${docsFolder} (skipped when that folder is missing)`, () => {
  it.each(loadOperationSpecs().map((spec) => [spec.operation, spec] as const))('%s matches its page member by member', (_, spec) => {
    const page = readFileSync(resolve(docsFolder, basename(spec.provenance.documentationCopy ?? '')), 'utf8');
    const lines = page.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    expect(lines).toContain(spec.operation);
    const syntax = JSON.parse(section(lines, 'Request Syntax', 'Request Parameters').join(' ')) as Record<string, unknown>;
    expect(Object.keys(syntax).sort()).toEqual(Object.keys(spec.input).sort());
    const parameters = section(lines, 'Request Parameters', 'Response Elements');
    for (const [name, member] of Object.entries(spec.input)) {
      const documented = documentedMember(parameters, name);
      expect({ name, ...documented }).toEqual({ name, min: member.length?.min, max: member.length?.max, pattern: member.pattern, required: member.required });
    }
    const errors = spec.errors.map(({ type, status }) => ({ type, status })).sort((a, b) => a.type.localeCompare(b.type));
    expect(documentedErrors(lines)).toEqual(errors);
    expect(errors.every((error) => error.status === 400)).toBe(true);
  });
});
