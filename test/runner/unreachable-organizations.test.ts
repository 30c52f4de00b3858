import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandlerTarget, createWorkMailMock, findOperationSpec, isConfigError, loadOperationSpecs, runConformance } from '../../src/index.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { runMain } from '../cli/helpers/cli-runners.ts';

const directory = mkdtempSync(join(tmpdir(), 'workmail-unreachable-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The demo fixture with one more organization, whose ID no valid OrganizationId can be. */
const withOrganization = (id: string) => ({ organizations: [...demoFixture.organizations, { id, state: 'Active', entities: [{ id: 'u-1', type: 'USER' as const, name: 'bob', state: 'ENABLED' as const }] }] });
const target = createHandlerTarget(createWorkMailMock().handle);

describe('a fixture organization no valid request can name', () => {
  it.each([
    ['m-123', "breaks OrganizationId's length and pattern (^m-[0-9a-f]{32}$)"],
    ['M-0F1E2D3C4B5A69788796A5B4C3D2E1F0', "breaks OrganizationId's pattern (^m-[0-9a-f]{32}$)"],
  ])('(%s) is a configuration error naming its JSON path, not a run that reports the target as serving no List', async (id, broken) => {
    const fixture = withOrganization(id);
    let error: unknown;
    try {
      await runConformance({ target, fixture, numRuns: 2 });
    } catch (thrown) {
      error = thrown;
    }

    expect(isConfigError(error)).toBe(true);
    const index = demoFixture.organizations.length;
    expect((error as Error).message).toBe(
      `runConformance: fixture: $.organizations[${index}].id: '${id}' ${broken}, so no valid request names that organization and nothing in it is checked; give its real ID`,
    );
  });

  it('is refused by the CLI with one line naming the file, exit code 2, before anything is sent', async () => {
    const file = join(directory, 'org.json');
    writeFileSync(file, JSON.stringify(withOrganization('m-123')));

    const result = await runMain(['run', '--fixture', file, '--num-runs', '2'], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^workmail-conformance: --fixture ${file}: \\$\\.organizations\\[\\d+\\]\\.id: 'm-123' breaks OrganizationId's length and pattern .*\\n$`));
  });

  it('is no error where one operation of the run can name it and another cannot: the run goes on with both', async () => {
    // Specs of one's own in which DeletePersonalAccessToken names organizations by another form ('o-' and 32 hex digits).
    const specs = loadOperationSpecs();
    const tokens = findOperationSpec(specs, 'DeletePersonalAccessToken');
    const { forms: _forms, ...organizationMember } = tokens.input['OrganizationId']!;
    const otherForm = { ...tokens, input: { ...tokens.input, OrganizationId: { ...organizationMember, pattern: '^o-[0-9a-f]{32}$' } } };

    const report = await runConformance({ target, fixture: demoFixture, specs: [findOperationSpec(specs, 'DeleteMailboxPermissions'), otherForm], numRuns: 2, stateSequences: 0 });

    expect(report.operations.map((operation) => operation.operation)).toEqual(['DeleteMailboxPermissions', 'DeletePersonalAccessToken']);
  });

  it('is no error where every organization has a valid ID (the demo fixture)', async () => {
    const report = await runConformance({ target, fixture: demoFixture, numRuns: 2, stateSequences: 0 });

    expect(report.summary.conformant).toBe(true);
  });
});
