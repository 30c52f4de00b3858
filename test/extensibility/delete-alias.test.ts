import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixtureFor, demoIds } from '../../src/mock/demo-fixture.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

const specsDirectory = join(import.meta.dirname, 'specs');
const scratch = mkdtempSync(join(tmpdir(), 'extensibility-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A copy of the DeleteAlias spec folder with the spec changed by `edit`. */
function editedSpecs(name: string, edit: (spec: Record<string, unknown>) => void): string {
  const directory = join(scratch, name);
  cpSync(specsDirectory, directory, { recursive: true });
  const file = join(directory, 'DeleteAlias.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(spec);
  writeFileSync(file, JSON.stringify(spec));
  return directory;
}

async function runCli(argv: readonly string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await main(argv), stderr };
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
}

describe('a third operation added as data (DeleteAlias, a new resource kind)', () => {
  it('is conformant against the reference mock, and really deletes existing aliases', async () => {
    const specs = loadOperationSpecs(specsDirectory);
    const fixture = demoFixtureFor(specs);
    const mock = createWorkMailMock({ specs, fixture });
    const before = mock.state.listResources('alias', demoIds.organizationId).length;
    let deletes = 0;
    const report = await runConformance({
      target: createHandlerTarget(mock.handle),
      specs,
      fixture,
      seed: 3,
      numRuns: 50,
      onEvent: (event) => {
        if (event.type !== 'exchange') return;
        const { expectation, observation } = event.exchange;
        const deletesOne = expectation.outcomes.some((outcome) => outcome.kind === 'success' && outcome.effect !== undefined);
        if (deletesOne && observation.kind === 'response' && observation.status === 200) deletes += 1;
      },
    });
    expect(report.failures).toEqual([]);
    expect(report.summary.conformant).toBe(true);
    expect(before).toBe(2);
    expect(deletes).toBeGreaterThanOrEqual(1);
    expect(mock.state.listResources('alias', demoIds.organizationId).length).toBeLessThan(before);
  });

  it('needs no code: no file under src/ names the operation or its resources', () => {
    const naming = filesUnder(join(import.meta.dirname, '../../src')).filter((file) => /DeleteAlias|aliases/i.test(readFileSync(file, 'utf8')));
    expect(naming).toEqual([]);
  });

  it('runs from the command line with --specs and exits 0', async () => {
    const { code, stderr } = await runCli(['run', '--specs', specsDirectory, '--operation', 'DeleteAlias', '--seed', '4', '--num-runs', '20', '--reporter', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('gives a broken spec file its one-line error, naming the file and the JSON path', async () => {
    const directory = editedSpecs('broken', (spec) => {
      (spec['output'] as Record<string, unknown>)['idempotent'] = 'yes';
    });
    const { code, stderr } = await runCli(['run', '--specs', directory, '--operation', 'DeleteAlias']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/DeleteAlias\.json: \$\.output\.idempotent/);
  });

  it("refuses a spec whose open point allows an error it documents nowhere, or that gives no answer to a malformed body or a wrong type (trialU #1, #2: the kit's own mock failed)", async () => {
    type Point = { id: string; when: { condition: string }; outcomes: { type?: string }[] };
    const undocumented = editedSpecs('undocumented-reading', (spec) => {
      const point = (spec['openPoints'] as Point[]).find((candidate) => candidate.id === 'deleted-organization');
      point?.outcomes.push({ ...point.outcomes[0], type: 'NoSuchThingException', reading: 'no-such-thing' } as never);
    });
    const withoutMalformed = editedSpecs('no-malformed-body', (spec) => {
      spec['openPoints'] = (spec['openPoints'] as Point[]).filter((point) => point.when.condition !== 'bodyMalformed');
    });
    const withoutWrongType = editedSpecs('no-wrong-type', (spec) => {
      spec['openPoints'] = (spec['openPoints'] as Point[]).filter((point) => point.when.condition !== 'inputWrongType');
    });

    // One after another: runCli captures stderr for the one run.
    const results = [];
    for (const directory of [undocumented, withoutMalformed, withoutWrongType]) results.push(await runCli(['run', '--specs', directory, '--operation', 'DeleteAlias']));

    expect(results.map((result) => result.code)).toEqual([2, 2, 2]);
    expect(results[0]?.stderr).toMatch(/DeleteAlias\.json: \$\.openPoints\[\d+\]\.outcomes\[\d+\]\.type: 'NoSuchThingException' is neither an error of this operation \(errors\) nor an AWS common error: list it in errors, with its status and when\n$/);
    expect(results[1]?.stderr).toMatch(/DeleteAlias\.json: \$\.openPoints: no open point answers a body that is no JSON object/);
    expect(results[2]?.stderr).toMatch(/DeleteAlias\.json: \$\.errors: no error or open point answers a member of the wrong JSON type: give one whose when is \{ "condition": "inputWrongType" \}\n$/);
  });

  it('refuses a demo record no request could name (trialU #5: an alias outside its pattern loaded, and no case ever named it)', async () => {
    const directory = editedSpecs('bad-demo', (spec) => {
      const demo = (spec['resourceKind'] as { demo: Record<string, string>[] }).demo;
      demo[0] = { ...demo[0], alias: 'not an alias' } as Record<string, string>;
    });
    const { code, stderr } = await runCli(['run', '--specs', directory, '--operation', 'DeleteAlias']);
    expect(code).toBe(2);
    expect(stderr).toBe(`workmail-conformance: ${join(directory, 'DeleteAlias.json')}: $.resourceKind.demo[0].alias: 'not an alias' is no valid Alias (its pattern), so no request could name this record\n`);
  });

  it('gives a precedence the model cannot follow a one-line error naming the file and the JSON path, not a stack trace (trialU #7)', async () => {
    const swapped = editedSpecs('no-semantics', (spec) => {
      (spec['precedence'] as Record<string, unknown>)['order'] = ['EntityId', 'OrganizationId'];
    });
    const empty = editedSpecs('empty-precedence', (spec) => {
      (spec['precedence'] as Record<string, unknown>)['order'] = [];
    });
    for (const directory of [swapped, empty]) {
      const { code, stderr } = await runCli(['run', '--specs', directory, '--operation', 'DeleteAlias']);
      expect(code).toBe(2);
      expect(stderr).toBe(`workmail-conformance: ${join(directory, 'DeleteAlias.json')}: $.precedence.order: must name the member that refers to the organization before any that refers to an entity: the model finds everything else in the organization\n`);
    }
  });
});
