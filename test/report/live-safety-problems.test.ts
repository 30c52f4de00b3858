import { describe, expect, it } from 'vitest';
import type { ConformanceReport, StateChange } from '../../src/report/conformance-report.ts';
import { liveSafetyProblems, liveSafetyStanding } from '../../src/report/live-safety-problems.ts';

/** A live report whose end read failed, with these state changes: only the parts liveSafetyProblems reads. */
function endReadFailed(changes: readonly StateChange[]): ConformanceReport {
  return {
    stateChanges: { verified: false, changes },
    live: { endComparison: { organizations: ['m-1'], unchanged: false, differences: [], notCompared: [], readFailed: 'DescribeOrganization failed (socket hang up)' } },
  } as unknown as ConformanceReport;
}

const failedRestore: StateChange = {
  organizationId: 'm-1',
  resource: 'mailboxPermission',
  description: 'mailbox permission of dave on alice (SEND_AS), deleted by DeleteMailboxPermissions {…}',
  status: 'restoreFailed',
  fixCommand: 'aws workmail put-mailbox-permissions --organization-id m-1 --entity-id alice --grantee-id dave --permission-values SEND_AS',
  problem: 'PutMailboxPermissions answered network error ECONNRESET',
};

describe('liveSafetyProblems where the end read failed', () => {
  it('says that every delete was put back only where it was, and else points to what is left to put back', () => {
    const { problem: _problem, ...putBack } = failedRestore;
    const restored: StateChange = { ...putBack, status: 'restored', fixCommand: undefined };

    expect(liveSafetyProblems(endReadFailed([restored]))).toEqual([
      'the organizations could not be read again at the end (DescribeOrganization failed (socket hang up)): check them by hand; each delete of something present was put back and read back (see the report)',
    ]);
    expect(liveSafetyProblems(endReadFailed([]))).toEqual([
      'the organizations could not be read again at the end (DescribeOrganization failed (socket hang up)): check them by hand; this run deleted nothing that a read showed present',
    ]);
    const lines = liveSafetyProblems(endReadFailed([failedRestore]));
    expect(lines[0]).toBe('RESTORE FAILED: the organization is not as before the run. Put it back by hand:');
    expect(lines.at(-1)).toBe('the organizations could not be read again at the end (DescribeOrganization failed (socket hang up)): check them by hand; what is left to put back is listed above');
  });
});

describe('liveSafetyProblems where one permission is left to put back by two changes', () => {
  it('gives its command once', () => {
    const report = { stateChanges: { verified: false, changes: [failedRestore, { ...failedRestore, description: 'the same permission, found missing at the end' }] }, live: { endComparison: { organizations: ['m-1'], unchanged: true, differences: [], notCompared: [] } } } as unknown as ConformanceReport;

    expect(liveSafetyProblems(report)).toEqual(['RESTORE FAILED: the organization is not as before the run. Put it back by hand:', `  ${failedRestore.fixCommand ?? ''}`]);
  });
});

describe('liveSafetyProblems where a failed restore also shows in the end comparison', () => {
  it('gives its command under RESTORE FAILED only, not again under the end comparison', () => {
    const lost = { organizationId: 'm-1', change: 'removed', description: 'mailbox permission of dave on alice (SEND_AS)', namedByRun: ['a delete'], allowedLoss: false, fixCommand: failedRestore.fixCommand };
    const report = { stateChanges: { verified: false, changes: [failedRestore] }, live: { endComparison: { organizations: ['m-1'], unchanged: false, differences: [lost], notCompared: [] } } } as unknown as ConformanceReport;

    const lines = liveSafetyProblems(report);

    expect(lines.filter((line) => line === `  ${failedRestore.fixCommand ?? ''}`)).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('The commands that put back'))).toBe(false);
  });
});

describe('liveSafetyProblems where the end put back what the run owed', () => {
  const unchangedAfter = (changes: readonly StateChange[], verified = true) =>
    ({ stateChanges: { verified, changes }, live: { endComparison: { organizations: ['m-1'], unchanged: true, differences: [], notCompared: [] } } }) as unknown as ConformanceReport;
  const unanswered: StateChange = {
    organizationId: 'm-1',
    resource: 'mailboxPermission',
    description: 'mailbox permission of alice on bob (FULL_ACCESS), on the mailbox of DeleteMailboxPermissions {…}',
    status: 'restored',
    fixCommand: undefined,
    problem: 'the delete got no answer; the end comparison found it gone; put back at the end',
  };

  it('names each such permission, and the verdict says the organizations are as found only because of it (exit 1 in the CLI)', () => {
    const report = unchangedAfter([unanswered]);

    expect(liveSafetyProblems(report)).toEqual([
      'PUT BACK AT THE END: put backs the run owed (a restore that failed mid-run, a delete that got no answer or was not seen done), made at its end and read back:',
      `  m-1 ${unanswered.description} (the delete got no answer; the end comparison found it gone; put back at the end)`,
    ]);
    expect(liveSafetyStanding(report)).toBe('as the run found them only because its end put back what was lost');
  });

  it('names a restore that failed mid-run and was put back at the end with what went wrong', () => {
    const report = unchangedAfter([{ ...failedRestore, status: 'restored', fixCommand: undefined, problem: 'PutMailboxPermissions answered 400 LimitExceededException; put back at the end' }]);

    expect(liveSafetyProblems(report)[1]).toBe(`  m-1 ${failedRestore.description} (PutMailboxPermissions answered 400 LimitExceededException; put back at the end)`);
  });

  it('says nothing where every change was put back by the delete that made it', () => {
    const { problem: _problem, ...putBack } = failedRestore;
    const report = unchangedAfter([{ ...putBack, status: 'restored', fixCommand: undefined }]);

    expect(liveSafetyProblems(report)).toEqual([]);
    expect(liveSafetyStanding(report)).toBeUndefined();
  });
});
