import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { recordingLineSchema } from '../src/record/recording-schema.ts';
import { commonErrorsSchema, operationSpecSchema } from '../src/spec/spec-schema.ts';

const specsDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '../specs');

/** One generated JSON Schema file: its absolute path and its exact text. */
export interface SpecSchemaFile {
  readonly file: string;
  readonly text: string;
}

function render(schema: z.ZodType, title: string): string {
  // 'input' io: fields with defaults stay optional, as a spec author writes them; superRefine checks are not expressible and are left out.
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...jsonSchema, title }, null, 2)}\n`;
}

/**
 * Renders the JSON Schemas of the spec format and of a recording's lines from the zod schemas, without writing anything.
 *
 * @example
 * const [operation] = renderSpecSchemas(); // { file: '…/specs/spec.schema.json', text: '{\n  "$schema": …' }
 */
export function renderSpecSchemas(): SpecSchemaFile[] {
  return [
    { file: resolve(specsDirectory, 'spec.schema.json'), text: render(operationSpecSchema, 'WorkMail operation spec') },
    { file: resolve(specsDirectory, 'common-errors.schema.json'), text: render(commonErrorsSchema, 'WorkMail common errors') },
    { file: resolve(specsDirectory, 'recording.schema.json'), text: render(recordingLineSchema, 'workmail-conformance recording line') },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const { file, text } of renderSpecSchemas()) {
    writeFileSync(file, text);
    process.stdout.write(`wrote ${file}\n`);
  }
}
