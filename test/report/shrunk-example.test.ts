import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget, type HttpHandle } from '../../src/target/handler-target.ts';
import { encodeAwsJsonError } from '../../src/wire/aws-json.ts';

/**
 * trialW's mock: the kit's reference mock for state, behind the team's own "RFC 5322" check of an email-form EntityId, which
 * refuses two dots in a row before the "@" although the documented pattern allows them. GranteeId is not checked.
 */
function refusesTwoDotsInAnEmailEntityId(): HttpHandle {
  const mock = createWorkMailMock({ fixture: demoFixture });
  return (request) => {
    if (request.headers['x-amz-target'] === 'WorkMailService.DeleteMailboxPermissions') {
      const input = JSON.parse(request.body || '{}') as { EntityId?: unknown };
      const entityId = typeof input.EntityId === 'string' ? input.EntityId : '';
      const at = entityId.lastIndexOf('@');
      if (at > 0 && entityId.slice(0, at).includes('..')) return encodeAwsJsonError('InvalidParameterException', 400, 'EntityId is not a valid email address');
    }
    return mock.handle(request);
  };
}

describe('a shrunk example keeps only what the failure needs (trialW #5)', () => {
  it.each([1, 2, 3, 4])('shrinks EntityId to the 3 characters the failure needs, and GranteeId as well, within the run\'s 200 shrink requests (seed %i, 1000 runs)', async (seed) => {
    const report = await runConformance({ target: createHandlerTarget(refusesTwoDotsInAnEmailEntityId()), fixture: demoFixture, seed, numRuns: 1000, operations: ['DeleteMailboxPermissions'], stateSequences: 0 });

    const shrunk = report.failures.filter((finding) => finding.check === 'positiveDataAcceptance' && finding.phase === 'property' && finding.shrunk);
    expect(shrunk.length).toBeGreaterThan(0);
    for (const finding of shrunk) {
      const input = finding.input as Record<string, string>;
      // Every character the failure does not need dropped: seed 1 stopped at the email form's `0..@0--------------------.aaaaaa`,
      // whose layout gave its domain and top-level domain their longest lengths.
      expect(input['EntityId']).toBe('..@');
      // A value of the fixture (its IDs are 36 characters) or one the shrinking cut short; seed 2 left 255 drawn characters.
      expect(input['GranteeId']?.length, JSON.stringify(input)).toBeLessThanOrEqual(36);
    }
  });
});
