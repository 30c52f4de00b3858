import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderSpecSchemas } from '../../scripts/write-spec-schema.ts';
import { isConfigError } from '../../src/config-error.ts';
import { loadSupportingOperationSpecs } from '../../src/mock/load-supporting-operation-specs.ts';
import { loadCommonErrors, loadOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { builtInCommonErrorsFile, builtInOperationSpecFiles, builtInSupportingOperationsFile } from '../../src/spec/built-in-specs.ts';
import { commonErrorsSchema, operationSpecSchema } from '../../src/spec/spec-schema.ts';
import { supportingOperationsFileSchema } from '../../src/mock/supporting-spec-schema.ts';
import type { z } from 'zod';

const repoRoot = resolve(import.meta.dirname, '../..');
const shipped = JSON.parse(readFileSync(join(repoRoot, 'specs/DeletePersonalAccessToken.json'), 'utf8')) as Record<string, unknown>;
const folder = mkdtempSync(join(tmpdir(), 'workmail-spec-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function loadError(name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  try {
    loadOperationSpec(file);
  } catch (error) {
    expect(isConfigError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`${name} loaded although it is broken`);
}

function withChange(change: (spec: any) => void): string {
  const copy = structuredClone(shipped);
  change(copy);
  return JSON.stringify(copy);
}

describe('broken spec files', () => {
  it.each([
    ['no-operation.json', withChange((spec) => delete spec.operation), '$.operation'],
    ['string-min.json', withChange((spec) => (spec.input.PersonalAccessTokenId.length.min = '1')), '$.input.PersonalAccessTokenId.length.min'],
    ['bad-regex.json', withChange((spec) => (spec.input.PersonalAccessTokenId.pattern = '[a-')), '$.input.PersonalAccessTokenId.pattern'],
    ['not-json.json', '{ "operation": ', 'not valid JSON'],
    // An example its form's pattern refuses (trialU #5): the kit would take it for valid input of the form.
    ['bad-example.json', withChange((spec) => (spec.input.OrganizationId.forms[0].example = 'm-not-hex')), "$.input.OrganizationId.forms[0].example: example does not match the form's pattern"],
    // Where the parser gives a position alone (Node 20), its line and column are added (trialU #7); Node 22 gives them itself.
    ['missing-comma.json', '{\n  "operation": "DeleteAlias"\n  "service": {}\n}\n', '(line 3 column 3)'],
    // What the parser quotes of the file is shown with its control characters escaped: no terminal sequence gets through.
    ['escape-sequence.json', '\u001b[31m{ "operation": 1 }', 'not valid JSON (Unexpected token \'\\u001b\''],
    ['misspelt-operation.json', withChange((spec) => (spec.operation = 'DeletePersonalAccessTokn')), "$.operation: 'DeletePersonalAccessTokn' is not the operation protocol.target names ('WorkMailService.DeletePersonalAccessToken')"],
  ])('%s gives one line naming the file and where the problem is', (name, text, where) => {
    const message = loadError(name, text);
    expect(message.startsWith(join(folder, name))).toBe(true);
    expect(message).toContain(where);
    expect(message).not.toContain('\n');
    expect(message).not.toMatch(/\bat .*:\d+:\d+/);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('loads a spec written with a byte-order mark, as some editors write one', () => {
    const file = join(folder, 'with-bom.json');
    writeFileSync(file, `\uFEFF${withChange(() => undefined)}`);
    expect(loadOperationSpec(file).operation).toBe(shipped.operation);
  });
});

describe('shipped specs', () => {
  it('load, with the common errors beside them', () => {
    expect(loadOperationSpecs().map((spec) => spec.operation)).toEqual(['DeleteMailboxPermissions', 'DeletePersonalAccessToken']);
    expect(loadCommonErrors().commonErrors.length).toBeGreaterThan(0);
  });

  it('the embedded specs are exactly the files in specs/ (a new or changed file is embedded too)', () => {
    const specsFolder = join(repoRoot, 'specs');
    expect(loadOperationSpecs()).toEqual(loadOperationSpecs(specsFolder));
    expect(loadCommonErrors()).toEqual(loadCommonErrors(specsFolder));
    expect(loadSupportingOperationSpecs()).toEqual(loadSupportingOperationSpecs(specsFolder));
  });

  it('are valid as embedded: each passes its schema, which gives it back unchanged, so a run need not load zod to validate them', () => {
    const embedded = [
      ...builtInOperationSpecFiles.map((file) => ({ ...file, schema: operationSpecSchema as z.ZodType })),
      { ...builtInCommonErrorsFile, schema: commonErrorsSchema as z.ZodType },
      { ...builtInSupportingOperationsFile, schema: supportingOperationsFileSchema as z.ZodType },
    ];
    for (const { file, content, schema } of embedded) {
      const parsed = schema.safeParse(content);
      expect(parsed.error?.issues, file).toBeUndefined();
      expect(parsed.data, file).toStrictEqual(content);
    }
    expect(loadOperationSpecs()).toStrictEqual(builtInOperationSpecFiles.map((file) => operationSpecSchema.parse(file.content)));
  });

  it('a spec folder loads in code-unit order of operation names, the same on every machine whatever its locale', () => {
    const ordered = mkdtempSync(join(tmpdir(), 'workmail-spec-order-'));
    try {
      // A locale's collation puts `DeleteAa` before `DeleteAB` (letters first, case after); code units put `B` before `a`.
      for (const operation of ['DeleteAa', 'DeleteAB']) writeFileSync(join(ordered, `${operation}.json`), withChange((spec) => {
        spec.operation = operation;
        (spec.protocol as { target: string }).target = `WorkMailService.${operation}`;
      }));
      expect(loadOperationSpecs(ordered).map((spec) => spec.operation)).toEqual(['DeleteAB', 'DeleteAa']);
    } finally {
      rmSync(ordered, { recursive: true, force: true });
    }
  });

  it('are a fresh copy at each load: a caller that changes its copy changes no later run', () => {
    const first = loadOperationSpecs();
    (first[0] as { operation: string }).operation = 'Changed';
    loadCommonErrors().commonErrors.length = 0;
    loadSupportingOperationSpecs().length = 0;

    expect(loadOperationSpecs()[0]?.operation).toBe('DeleteMailboxPermissions');
    expect(loadCommonErrors().commonErrors.length).toBeGreaterThan(0);
    expect(loadSupportingOperationSpecs().length).toBeGreaterThan(0);
  });

  it('the committed JSON Schemas are what npm run specs:schema writes', () => {
    for (const { file, text } of renderSpecSchemas()) {
      expect(readFileSync(file, 'utf8'), `${file} is stale: run npm run specs:schema`).toBe(text);
    }
  });

  it('the JSON Schema requires what the zod schema requires', () => {
    const [operationSchema] = renderSpecSchemas();
    const schema = JSON.parse(operationSchema!.text) as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(expect.arrayContaining(['operation', 'input', 'errors']));
    expect(schema.required).not.toContain('$schema');
  });
});
