import { describe, expect, it } from 'vitest';
import type { Fixture } from '../../src/fixture/fixture-schema.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { reporters } from '../../src/report/reporters.ts';
import { verdictCaveats, withStrictVerdict } from '../../src/report/verdict.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget, type HttpHandle } from '../../src/target/handler-target.ts';

describe('a finding whose expected answer rests on a fixture the target, read at the start, does not match (trialZ #3)', () => {
  it('says so beside why the model expected it: the fixture may be wrong, not the target', async () => {
    // The target holds the demo organizations without dave (a user the fixture given to the run still lists), as a stand-in
    // started with last week's fixture file does: the read at the start misses his permissions.
    const [first, ...others] = demoFixture.organizations;
    const dave = first?.entities.find((entity) => entity.name === 'dave');
    if (first === undefined || dave === undefined) throw new Error('the demo fixture has changed');
    const served: Fixture = {
      organizations: [
        { ...first, entities: first.entities.filter((entity) => entity !== dave), mailboxPermissions: (first.mailboxPermissions ?? []).filter((permission) => permission.entityId !== dave.id && permission.granteeId !== dave.id), personalAccessTokens: (first.personalAccessTokens ?? []).filter((token) => token.userId !== dave.id) },
        ...others,
      ],
    };
    const mock = createWorkMailMock({ fixture: served });

    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 1, numRuns: 10, stateSequences: 0 });

    const stateFindings = report.failures.filter((finding) => finding.operation === 'DeleteMailboxPermissions' && finding.check === 'stateConformance');
    expect(stateFindings.length).toBeGreaterThan(0);
    for (const finding of stateFindings) {
      expect(finding.reason).toMatch(/; but at the start the target's mailboxPermission records in m-[0-9a-f]{32} differ from the fixture \(.*\), so the fixture may not say what the target holds: check the fixture first$/);
    }
    expect(reporters.console(report)).toContain('so the fixture may not say what the target holds: check the fixture first');
    // A finding that rests on no state (a malformed or invalid input) says nothing of the fixture.
    for (const finding of report.failures.filter((candidate) => candidate.violation !== null)) expect(finding.reason).not.toContain('check the fixture first');
  });
});

describe('a conformant verdict on a target whose records differed from the fixture at the start (trialAA #9)', () => {
  it('carries a caveat that says so, which --strict fails, where it said only that no real delete was exercised', async () => {
    // A stand-in not restarted since an earlier run: its tokens are gone, which the fixture given to the run still lists.
    const served: Fixture = { organizations: demoFixture.organizations.map((organization) => ({ ...organization, personalAccessTokens: [] })) };
    const mock = createWorkMailMock({ fixture: served });

    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 1, numRuns: 10, stateSequences: 0, operations: ['DeletePersonalAccessToken'] });

    expect(report.summary.conformant).toBe(true);
    expect(report.summary.fixtureDiffered).toEqual(['DeletePersonalAccessToken']);
    expect(verdictCaveats(report.summary)[0]).toBe(
      "the target's records differed from the fixture at the start for DeletePersonalAccessToken (not restarted since an earlier run, or another fixture?), so its deletes were not judged (see deleteEffect)",
    );
    expect(withStrictVerdict(report).summary.strict?.unmet).toHaveLength(verdictCaveats(report.summary).length);
    // The same target on the fixture it holds: no such caveat.
    const matching = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: served }).handle), fixture: served, seed: 1, numRuns: 10, stateSequences: 0, operations: ['DeletePersonalAccessToken'] });
    expect(matching.summary.fixtureDiffered).toBeUndefined();
  });
});

describe('a List that gives one page and no NextToken (trialAA #5)', () => {
  it('is named, beside a stale target, as what may make the records differ from the fixture at the start', async () => {
    const reference = createWorkMailMock({ fixture: demoFixture }).handle;
    // A stand-in whose ListPersonalAccessTokens returns its first item only and never a NextToken.
    const onePage: HttpHandle = async (request) => {
      const answer = await reference(request);
      if (request.headers['x-amz-target'] !== 'WorkMailService.ListPersonalAccessTokens' || answer.status !== 200) return answer;
      const output = JSON.parse(answer.body) as { PersonalAccessTokenSummaries: unknown[] };
      return { ...answer, body: JSON.stringify({ PersonalAccessTokenSummaries: output.PersonalAccessTokenSummaries.slice(0, 1) }) };
    };

    const report = await runConformance({ target: createHandlerTarget(onePage), fixture: demoFixture, seed: 1, numRuns: 5, stateSequences: 0, operations: ['DeletePersonalAccessToken'] });

    expect(report.operations[0]?.checks.find((tally) => tally.name === 'deleteEffect')?.notChecked).toMatch(
      /^at the start the target's personalAccessToken records in m-0f1e\w+ differ from the fixture \(it lacks .*, which the fixture lists; it listed 1 of the fixture's 3: a List that stops after a page without a NextToken reads so too\)$/,
    );
  });
});
