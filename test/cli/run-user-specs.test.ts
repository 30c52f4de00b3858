import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from './helpers/cli-runners.ts';

const shippedSpecs = resolve(import.meta.dirname, '../../specs');
const directory = mkdtempSync(join(tmpdir(), 'workmail-user-specs-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('run --specs with a spec whose values the generators cannot build', () => {
  it('ends in one line with exit code 2, naming the pattern, rather than a stack trace', async () => {
    // The shipped DeletePersonalAccessToken spec, its token pattern turned into one that is not simple (an alternation).
    const spec = JSON.parse(readFileSync(join(shippedSpecs, 'DeletePersonalAccessToken.json'), 'utf8')) as { input: Record<string, { pattern?: string }> };
    spec.input['PersonalAccessTokenId']!.pattern = '^(a|b)+$';
    writeFileSync(join(directory, 'DeletePersonalAccessToken.json'), JSON.stringify(spec));
    copyFileSync(join(shippedSpecs, 'common-errors.json'), join(directory, 'common-errors.json'));

    const result = await runMain(['run', '--specs', directory, '--num-runs', '3'], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `workmail-conformance: --specs ${directory}: DeletePersonalAccessToken: $.input.PersonalAccessTokenId: the pattern ^(a|b)+$ is not simple (literals, classes and quantifiers only), so values cannot be built from it\n`,
    );
  });

  it('names the folder, the operation and the member where a form contradicts the member\'s own length', async () => {
    const folder = join(directory, 'short-max');
    mkdirSync(folder);
    const spec = JSON.parse(readFileSync(join(shippedSpecs, 'DeleteMailboxPermissions.json'), 'utf8')) as { input: Record<string, { length?: { max?: number } }> };
    spec.input['EntityId']!.length = { ...spec.input['EntityId']!.length, max: 5 };
    writeFileSync(join(folder, 'DeleteMailboxPermissions.json'), JSON.stringify(spec));
    copyFileSync(join(shippedSpecs, 'common-errors.json'), join(folder, 'common-errors.json'));

    for (const command of [['run', '--specs', folder, '--num-runs', '3'], ['sample', '--specs', folder, '--operation', 'DeleteMailboxPermissions']]) {
      const result = await runMain(command, { awsSettings: false });
      expect(result.code, command[0]).toBe(2);
      expect(result.stderr, command[0]).toMatch(new RegExp(`^workmail-conformance: --specs ${folder}: DeleteMailboxPermissions: \\$\\.input\\.EntityId: values of form '\\w+' may break the member's own length or pattern\n$`));
    }
  });
});

describe('run --specs with a folder that holds no operation spec', () => {
  it('ends in one line with exit code 2 naming the folder, rather than a conformant run of nothing', async () => {
    const empty = join(directory, 'empty');
    mkdirSync(empty);
    copyFileSync(join(shippedSpecs, 'common-errors.json'), join(empty, 'common-errors.json'));

    const result = await runMain(['run', '--specs', empty, '--num-runs', '3'], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`workmail-conformance: ${empty}: holds no operation spec (a .json file other than common-errors.json and supporting-operations.json)\n`);
  });
});

describe('run --specs with a folder that specifies one operation twice', () => {
  it('ends in one line with exit code 2 naming both files, rather than running both under one name', async () => {
    const twice = join(directory, 'twice');
    mkdirSync(twice);
    copyFileSync(join(shippedSpecs, 'common-errors.json'), join(twice, 'common-errors.json'));
    copyFileSync(join(shippedSpecs, 'DeleteMailboxPermissions.json'), join(twice, 'DeleteMailboxPermissions.json'));
    copyFileSync(join(shippedSpecs, 'DeleteMailboxPermissions.json'), join(twice, 'Again.json'));

    const result = await runMain(['run', '--specs', twice, '--num-runs', '3'], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`workmail-conformance: ${twice}: DeleteMailboxPermissions is specified twice (Again.json and DeleteMailboxPermissions.json); keep one\n`);
  });
});

describe('run --operation with a name no spec has', () => {
  it('ends in one line with exit code 2 naming the flag and the known operations', async () => {
    const result = await runMain(['run', '--operation', 'DeleteEverything'], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe("workmail-conformance: --operation: unknown operation 'DeleteEverything' (known: DeleteMailboxPermissions, DeletePersonalAccessToken)\n");
  });
});
