import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { renderConsoleReport } from '../../src/report/console-reporter.ts';
import { renderJunitReport } from '../../src/report/junit-reporter.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget, type HttpHandle } from '../../src/target/handler-target.ts';
import { encodeAwsJsonError } from '../../src/wire/aws-json.ts';

describe("a finding shows the target's own message, which names what it refused (trialG #4)", () => {
  it('gives it in the report, the console and JUnit, where the observed status and type alone point nowhere', async () => {
    // An off-by-one maximum on OrganizationId: the valid 34-character ID is refused, the message saying which member.
    const mock = createWorkMailMock({ fixture: demoFixture });
    const handle: HttpHandle = (request) => {
      const input = JSON.parse(request.body || '{}') as { OrganizationId?: unknown };
      if (typeof input.OrganizationId === 'string' && input.OrganizationId.length === 34) return encodeAwsJsonError('InvalidParameterException', 400, 'OrganizationId must be at most 33 characters');
      return mock.handle(request);
    };

    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 3, numRuns: 5, operations: ['DeletePersonalAccessToken'], stateSequences: 0 });

    const finding = report.failures.find((candidate) => candidate.observed.startsWith('400 InvalidParameterException'));
    expect(finding?.targetMessage).toBe('OrganizationId must be at most 33 characters');
    expect(renderConsoleReport(report)).toContain('\n   message:   "OrganizationId must be at most 33 characters"\n');
    expect(renderJunitReport(report)).toContain('message: "OrganizationId must be at most 33 characters"');
    // An answer without an error type has no message to show.
    expect(report.failures.filter((candidate) => !candidate.observed.includes('Exception')).every((candidate) => candidate.targetMessage === undefined)).toBe(true);
  });
});

describe('a failure where an open point accepts one answer only', () => {
  it('names that answer beside the open point, so that it does not read as if any answer were allowed (trialX #4)', async () => {
    // A mock that answers "not found" to a delete of a token that does not exist, where the operation is idempotent.
    const mock = createWorkMailMock({ fixture: demoFixture });
    const handle: HttpHandle = (request) => {
      const input = JSON.parse(request.body || '{}') as { OrganizationId?: unknown; PersonalAccessTokenId?: unknown };
      const organization = mock.state.listOrganizations().find((candidate) => candidate.id === input.OrganizationId);
      const held = organization?.personalAccessTokens.some((token) => token.id === input.PersonalAccessTokenId) === true;
      const answer = mock.handle(request);
      return answer.status === 200 && !held ? encodeAwsJsonError('EntityNotFoundException', 400, 'Personal access token not found.') : answer;
    };

    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 1, numRuns: 10, operations: ['DeletePersonalAccessToken'], stateSequences: 0 });

    const reasons = report.failures.map((finding) => finding.reason);
    expect(reasons).toContainEqual(expect.stringContaining('the personalAccessToken is absent (open point absent-delete, whose one accepted answer is 200 (success))'));
  });
});
