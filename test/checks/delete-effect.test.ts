import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { reporters } from '../../src/report/reporters.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { openPointReadings } from '../../src/model/readings.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { createHandlerTarget, type HttpHandle } from '../../src/target/handler-target.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../src/wire/http-message.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import { createMswTarget } from '../../src/target/msw-target.ts';
import { createSdkTarget } from '../../src/target/sdk-target.ts';
import { startMockServer } from '../../src/mock/start-mock-server.ts';
import { workMailHandlers } from '../../src/mock/msw-handlers.ts';
import { encodeAwsJsonError } from '../../src/wire/aws-json.ts';
import { handWrittenStateMock, type StateBug } from '../broken-mocks/hand-written-state-mocks.ts';
import { failedChecks, stateReadingCombinations, stateReadings } from '../helpers/report-queries.ts';

const specs = loadOperationSpecs();

/** No failure, and real deletes read back: the throttled organization's reads were not left out. */
function expectReadBackUnfailed(report: ConformanceReport): void {
  expect(report.failures.map((finding) => `${finding.check}: ${finding.observed}`)).toEqual([]);
  expect(report.contractCoverage[0]?.items.find((item) => item.name === 'realDeleteReadBack')?.exchanges).toBeGreaterThan(0);
}

/**
 * `lagging` with a ThrottlingException answered wherever `throttle`, told of every request, says so; `answered` is told of
 * every answer `lagging` gave.
 */
function throttling(lagging: HttpHandle, throttle: (request: HttpRequestMessage) => boolean, answered?: (request: HttpRequestMessage, answer: HttpResponseMessage) => void) {
  let throttles = 0;
  const handle: HttpHandle = async (request) => {
    if (throttle(request)) {
      throttles += 1;
      return encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded');
    }
    const answer = await lagging(request);
    answered?.(request, answer);
    return answer;
  };
  return { handle, throttles: () => throttles };
}

const isTokenList = (request: HttpRequestMessage) => (request.headers['x-amz-target'] ?? '').endsWith('ListPersonalAccessTokens');

function tallies(report: ConformanceReport, check: string) {
  return report.operations.map((operation) => ({ operation: operation.operation, ...(operation.checks.find((tally) => tally.name === check) ?? { passed: 0, failed: 0 }) }));
}


describe('deleteEffect against conforming targets', () => {
  it.each([1, 2, 3, 17, 4242])('is silent on the reference mock with default settings, and judges real deletes (seed %i)', async (seed) => {
    const mock = createWorkMailMock({ fixture: demoFixture });

    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed });

    expect(report.failures).toEqual([]);
    for (const tally of tallies(report, 'deleteEffect')) expect(tally.passed, tally.operation).toBeGreaterThan(0);
    for (const operation of report.contractCoverage) expect(operation.items.find((item) => item.name === 'realDeleteReadBack')?.exchanges, operation.operation).toBeGreaterThan(0);
  });

  it('is silent on the reference mock under every combination of the readings that decide what a delete reaches', async () => {
    const combinations = stateReadingCombinations(specs);
    const readingCounts = stateReadings.map((id) => openPointReadings(specs).get(id)?.length ?? 0);
    expect(combinations.length).toBe(readingCounts.reduce((product, count) => product * count, 1));
    let judged = 0;
    for (const readings of combinations) {
      const mock = createWorkMailMock({ fixture: demoFixture, readings });

      const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: judged, numRuns: 3, coverage: 'compact' });

      expect(report.failures.map((finding) => `${JSON.stringify(readings)} ${finding.check}: ${finding.observed}`)).toEqual([]);
      judged += tallies(report, 'deleteEffect').reduce((total, tally) => total + tally.passed, 0);
    }
    expect(judged).toBeGreaterThan(combinations.length * 10);
  }, 120_000);

  it('reads the state through every kind of target: HTTP (wire and SDK transports) and msw handlers', async () => {
    const served = createWorkMailMock({ fixture: demoFixture });
    const server = await startMockServer({ mock: served });
    try {
      const targets = [
        createHttpTarget({ endpoint: server.url, region: 'us-east-1' }),
        createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
        createMswTarget(workMailHandlers(createWorkMailMock({ fixture: demoFixture }))),
      ];
      for (const target of targets) {
        // Each target gets a fresh server state: the HTTP ones share one server, so they run one after another on a reset.
        served.reset();
        const report = await runConformance({ target, fixture: demoFixture, seed: 9, numRuns: 10 });
        await target.close();

        expect(report.failures, target.description).toEqual([]);
        for (const tally of tallies(report, 'deleteEffect')) expect(tally.passed, `${target.description} ${tally.operation}`).toBeGreaterThan(0);
      }
    } finally {
      await server.close();
    }
  }, 60_000);

  it('is silent on a careful hand-written mock that keeps its state in Maps', async () => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture)), fixture: demoFixture, seed: 5 });

    expect(report.failures).toEqual([]);
    for (const tally of tallies(report, 'deleteEffect')) expect(tally.passed, tally.operation).toBeGreaterThan(0);
  });
});

describe('deleteEffect and the stateful phase against a List that lags behind deletes and puts (eventually consistent)', () => {
  it.each([5, 11])('fail nothing where each change shows 30 ms late, and the report says the reads lagged (seed %i)', async (seed) => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'none', 30)), fixture: demoFixture, seed });

    expect(report.failures.map((finding) => `${finding.check}: ${finding.observed}`)).toEqual([]);
    expect(report.summary.conformant).toBe(true);
    // Judged, not skipped: the deletes' effects were read, late.
    expect(tallies(report, 'deleteEffect').every((tally) => tally.passed > 0 && tally.failed === 0)).toBe(true);
    expect(report.readsSeenLate?.map((late) => late.list).sort()).toEqual(['ListMailboxPermissions', 'ListPersonalAccessTokens']);
    expect(report.readsSeenLate?.every((late) => late.count > 0 && late.longestMs >= 30 && late.windowMs === 1500)).toBe(true);
    expect(reporters.console(report)).toMatch(/^Read late: ListMailboxPermissions showed what \d+ of DeleteMailboxPermissions's steps did only when read again, up to \d+ ms later/m);
  });

  it('fail a lagging List with settleMs 0 (read once), each difference saying it was read once', async () => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'none', 30)), fixture: demoFixture, seed: 5, settleMs: 0, stateSequences: 0 });

    expect(failedChecks(report)).toEqual(['deleteEffect']);
    expect(report.failures.find((finding) => finding.check === 'deleteEffect')?.observed).toMatch(/it names is still there: .*; read once \(a settle window of 0 ms\)$/);
    expect(report.readsSeenLate).toBeUndefined();
  });

  it('still catch a delete that removes nothing: read again for the window, then each later difference read once', async () => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'permissionKept')), fixture: demoFixture, seed: 11, settleMs: 200, stateSequences: 0 });

    const observed = report.failures.filter((finding) => finding.check === 'deleteEffect').map((finding) => finding.observed);
    expect(observed[0]).toMatch(/it names is still there: .*; still so when read again over the whole 200 ms window \(a List that lags longer needs a longer --settle-ms, settleMs from code\)$/);
    expect(observed.slice(1).every((text) => /; read once: an earlier difference was still there when read again over the whole 200 ms window$/.test(text ?? ''))).toBe(true);
    expect(observed.length).toBeGreaterThan(1);
  });
});

describe('deleteEffect against a List that refuses some mailboxes from the start', () => {
  it('counts no delete there as read back, and passes none of them: a delete that removes nothing there is not seen', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const resource = demoIds.meetingRoomResourceId;
    const room = demoFixture.organizations.flatMap((organization) => organization.entities).find((entity) => entity.id === resource);
    const namesRoom = (value: unknown) => typeof value === 'string' && [room?.id, room?.name, room?.email].some((name) => name?.toLowerCase() === value.toLowerCase());
    let swallowed = 0;
    // A mock whose List knows users and groups only, and whose delete on a resource's mailbox answers 200 and removes nothing.
    const handle: HttpHandle = (request) => {
      const operation = (request.headers['x-amz-target'] ?? '').split('.')[1];
      const input = JSON.parse(request.body) as Record<string, unknown>;
      if (operation === 'ListMailboxPermissions' && namesRoom(input['EntityId'])) return encodeAwsJsonError('EntityNotFoundException', 400, 'no such user or group');
      if (operation === 'DeleteMailboxPermissions' && namesRoom(input['EntityId'])) {
        const before = mock.state.listOrganizations().find((organization) => organization.id === input['OrganizationId'])?.mailboxPermissions.filter((permission) => permission.entityId === resource) ?? [];
        const answer = mock.handle(request);
        for (const permission of before) mock.state.putMailboxPermissions(input['OrganizationId'] as string, permission.entityId, permission.granteeId, permission.permissionValues);
        const grantee = demoFixture.organizations.flatMap((organization) => organization.entities).find((entity) => [entity.id, entity.name, entity.email].some((name) => name !== undefined && name.toLowerCase() === String(input['GranteeId']).toLowerCase()));
        if (answer.status === 200 && before.some((permission) => permission.granteeId === grantee?.id)) swallowed += 1;
        return answer;
      }
      return mock.handle(request);
    };

    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 1, numRuns: 20, operations: ['DeleteMailboxPermissions'], stateSequences: 0 });

    expect(swallowed).toBeGreaterThan(0);
    const effects = report.contractCoverage[0]?.items.filter((item) => item.kind === 'effect') ?? [];
    const count = (name: string) => effects.find((item) => item.name === name)?.exchanges ?? 0;
    // The real deletes on the resource's mailbox are not read back (each was counted read back, and passed, before).
    expect(count('realDeleteReadBack')).toBeGreaterThan(0);
    expect(count('realDeleteReadBack')).toBeLessThan(count('realDelete'));
    expect(tallies(report, 'deleteEffect')[0]?.failed).toBe(0);
  });
});

describe('deleteEffect and the stateful phase against a List that lists a record twice (pages that overlap)', () => {
  it('fail nothing: a List that cannot be what the target holds is no operation under test; deleteEffect says why it is not checked', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    // The last item of every ListMailboxPermissions answer comes again at its end, as a next page that starts one too early.
    const handle: HttpHandle = (request) => {
      const answer = mock.handle(request);
      if (request.headers['x-amz-target'] !== 'WorkMailService.ListMailboxPermissions' || answer.status !== 200) return answer;
      const body = JSON.parse(answer.body) as { Permissions: unknown[] };
      return { ...answer, body: JSON.stringify({ ...body, Permissions: body.Permissions.length === 0 ? [] : [...body.Permissions, body.Permissions.at(-1)] }) };
    };

    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 3, numRuns: 10 });

    expect(report.failures.map((finding) => `${finding.operation} ${finding.check}`)).toEqual([]);
    const permissions = report.operations.find((operation) => operation.operation === 'DeleteMailboxPermissions');
    expect(permissions?.checks.find((tally) => tally.name === 'deleteEffect')?.notChecked).toMatch(/^ListMailboxPermissions of [-\w]+ in m-\w+ listed \{.*\} twice: a List that does cannot show what a delete did$/);
  });
});

describe('deleteEffect against a List whose pages, read a moment after a delete, overlap once (replicas that lag)', () => {
  it('fails nothing: the listing no state can be is read again, as a read that lags is (verify7a)', async () => {
    for (const seed of [1, 2, 3]) {
      const mock = createWorkMailMock({ fixture: demoFixture });
      let deletedSinceList = false;
      // The first token listing after a delete lists its first token twice: its second page came from an older state.
      const handle: HttpHandle = (request) => {
        const answer = mock.handle(request);
        const target = request.headers['x-amz-target'] ?? '';
        if (target.endsWith('DeletePersonalAccessToken')) deletedSinceList = true;
        if (!target.endsWith('ListPersonalAccessTokens') || answer.status !== 200 || !deletedSinceList) return answer;
        deletedSinceList = false;
        const body = JSON.parse(answer.body) as { PersonalAccessTokenSummaries: unknown[] };
        const [first] = body.PersonalAccessTokenSummaries;
        return first === undefined ? answer : { ...answer, body: JSON.stringify({ ...body, PersonalAccessTokenSummaries: [...body.PersonalAccessTokenSummaries, first] }) };
      };

      const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed, numRuns: 20, stateSequences: 0, operations: ['DeletePersonalAccessToken'] });

      expect(report.failures.map((finding) => `${finding.check}: ${finding.observed}`), `seed ${seed}`).toEqual([]);
      const tally = report.operations[0]?.checks.find((check) => check.name === 'deleteEffect');
      expect(tally?.passed, `seed ${seed}`).toBeGreaterThan(10);
    }
  });
});

describe('the stateful phase against a List that lags, whose first read again overlaps its pages (replicas that lag)', () => {
  it('fails nothing: reading again goes on past the listing no state can be, and the steps are judged (verify7a)', async () => {
    // Each change shows 120 ms late, so that a List step's first read again (50 ms after) still lags; a List sent again with
    // the same body just after one lists its first record twice, once, as its second page would from an older replica.
    const lagging = handWrittenStateMock(demoFixture, 'none', 120);
    let lastList: { readonly body: string; readonly at: number } | undefined;
    let overlapped = false;
    let overlaps = 0;
    const handle: HttpHandle = async (request) => {
      const answer = await lagging(request);
      if (!(request.headers['x-amz-target'] ?? '').endsWith('ListMailboxPermissions') || answer.status !== 200) return answer;
      const again = lastList !== undefined && lastList.body === request.body && performance.now() - lastList.at < 110;
      lastList = { body: request.body, at: performance.now() };
      if (!again) overlapped = false;
      if (!again || overlapped) return answer;
      const body = JSON.parse(answer.body) as { Permissions: unknown[] };
      const [first] = body.Permissions;
      if (first === undefined) return answer;
      overlapped = true;
      overlaps += 1;
      return { ...answer, body: JSON.stringify({ ...body, Permissions: [...body.Permissions, first] }) };
    };

    // The effect reads after each case are off: what is under test is the stateful phase's.
    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 1, numRuns: 5, coverage: 'compact', readEffects: false, stateSequences: 10, operations: ['DeleteMailboxPermissions'] });

    expect(report.failures.map((finding) => `${finding.check}: ${finding.observed}`)).toEqual([]);
    expect(overlaps).toBeGreaterThan(0);
    const sequence = report.operations[0]?.checks.find((check) => check.name === 'stateSequence');
    expect(sequence?.failed).toBe(0);
    expect(sequence?.passed).toBeGreaterThan(0);
  });
});

describe('deleteEffect against a List that lags and throttles the first read again (readings3)', () => {
  it('fails nothing: a read that only asked to try again is read again within the window, and a start read too', async () => {
    // Each change shows 300 ms late; a List read again (sent with the same body as the request just before it, no delete in
    // between) is throttled, once.
    const lagging = handWrittenStateMock(demoFixture, 'none', 300);
    let lastRequest = '';
    let throttledThisTime = false;
    const lists = throttling(lagging, (request) => {
      const sent = `${request.headers['x-amz-target'] ?? ''} ${request.body}`;
      const again = sent === lastRequest;
      lastRequest = sent;
      if (!isTokenList(request)) return false;
      if (!again) throttledThisTime = false;
      // The first List of the organization that holds the tokens (the start read) is throttled too.
      if ((again && !throttledThisTime) || (lists.throttles() === 0 && request.body.includes(demoIds.organizationId))) throttledThisTime = true;
      else return false;
      return true;
    });

    const report = await runConformance({ target: createHandlerTarget(lists.handle), fixture: demoFixture, seed: 3, numRuns: 10, stateSequences: 0, operations: ['DeletePersonalAccessToken'] });

    expectReadBackUnfailed(report);
    expect(lists.throttles()).toBeGreaterThan(1);
    const tally = report.operations[0]?.checks.find((check) => check.name === 'deleteEffect');
    expect(tally?.notChecked).toBeUndefined();
    expect(tally?.passed).toBeGreaterThan(3);
  });
});

describe('deleteEffect against a List that lags and throttles the first read after each delete (readings3, verify8a)', () => {
  it('fails nothing: that read is sent again at once, so no later case starts from a read that lags behind the delete', async () => {
    // Each change shows 300 ms late; the first List after each delete is throttled, once.
    const lagging = handWrittenStateMock(demoFixture, 'none', 300);
    let afterDelete = false;
    const lists = throttling(lagging, (request) => {
      if ((request.headers['x-amz-target'] ?? '').endsWith('DeletePersonalAccessToken')) afterDelete = true;
      else if (isTokenList(request) && afterDelete) {
        afterDelete = false;
        return true;
      }
      return false;
    });

    const report = await runConformance({ target: createHandlerTarget(lists.handle), fixture: demoFixture, seed: 1, numRuns: 10, stateSequences: 0, operations: ['DeletePersonalAccessToken'] });

    expectReadBackUnfailed(report);
    expect(lists.throttles()).toBeGreaterThan(3);
  });
});

describe('deleteEffect against a List that lags and throttles every read after one delete (readings3\'s realistic mock)', () => {
  // Each change shows 300 ms late; after the nth delete that removes a token, each List is throttled until three have been,
  // so that case is left unjudged and the next starts from a fresh read. Taken at once, that read would still list the token
  // the unjudged case deleted, and the case after it would be blamed when the token then went from the list.
  it.each([
    ['the first', 1, 'before any read was seen to lag: the fresh read is read again until the unjudged delete shows'],
    ['the second', 2, 'after the first delete\'s reads were seen to lag: the fresh read waits out the window first'],
  ])('fails nothing when %s real delete is left unjudged (%i), %s', async (_which, throttledDelete) => {
    const lagging = handWrittenStateMock(demoFixture, 'none', 300);
    const held = new Set(demoFixture.organizations.flatMap((organization) => organization.personalAccessTokens.map((token) => token.id)));
    let deletes = 0;
    let throttleNext = 0;
    const lists = throttling(
      lagging,
      (request) => {
        if (!isTokenList(request) || throttleNext === 0) return false;
        throttleNext -= 1;
        return true;
      },
      (request, answer) => {
        const deleted = (request.headers['x-amz-target'] ?? '').endsWith('DeletePersonalAccessToken') && answer.status === 200 && held.delete(String(JSON.parse(request.body).PersonalAccessTokenId));
        if (deleted && ++deletes === throttledDelete) throttleNext = 3;
      },
    );

    const report = await runConformance({ target: createHandlerTarget(lists.handle), fixture: demoFixture, seed: 1, numRuns: 10, stateSequences: 0, settleMs: 800, operations: ['DeletePersonalAccessToken'] });

    expectReadBackUnfailed(report);
    expect(lists.throttles()).toBe(3);
    expect(report.readsSeenLate?.[0]?.count).toBeGreaterThan(0);
  });
});

describe('deleteEffect and the stateful phase against a List that refuses an empty mailbox', () => {
  it('fail nothing: where the model holds the part empty, an error answer of the List says nothing of the delete', async () => {
    let judged = 0;
    for (const seed of [1, 2, 3, 11]) {
      const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'emptyMailboxNotFound')), fixture: demoFixture, seed });

      expect(report.failures.map((finding) => `${finding.check}: ${finding.observed}`), `seed ${seed}`).toEqual([]);
      judged += report.operations.find((operation) => operation.operation === 'DeleteMailboxPermissions')?.checks.find((check) => check.name === 'deleteEffect')?.passed ?? 0;
    }
    // The reads of mailboxes that still hold a permission are judged as before.
    expect(judged).toBeGreaterThan(40);
  });
});

describe('deleteEffect and the stateful phase against Lists that leave an empty list out', () => {
  it('fail nothing and judge the reads: an answer {} lists nothing, as the AWS SDK reads it', async () => {
    let emptyAnswers = 0;
    for (const seed of [1, 2, 3, 11, 17]) {
      const handle = handWrittenStateMock(demoFixture, 'emptyListOmitted');
      const counting: HttpHandle = async (request) => {
        const answer = await handle(request);
        if (answer.body === '{}' && request.headers['x-amz-target']?.startsWith('WorkMailService.List') === true) emptyAnswers += 1;
        return answer;
      };
      const report = await runConformance({ target: createHandlerTarget(counting), fixture: demoFixture, seed });

      expect(report.failures.map((finding) => `${finding.check}: ${finding.observed}`), `seed ${seed}`).toEqual([]);
      for (const operation of report.operations) {
        for (const name of ['deleteEffect', 'stateSequence']) expect(operation.checks.find((check) => check.name === name)?.passed, `${operation.operation} ${name}, seed ${seed}`).toBeGreaterThan(0);
      }
    }
    expect(emptyAnswers).toBeGreaterThan(20);
  });
});

describe('deleteEffect and the stateful phase against Lists that answer an object where the list would be empty', () => {
  it('fail nothing: a List that is no list where nothing should be listed says nothing of the deletes, in either', async () => {
    // Seeds 4 and 30 list a mailbox emptied by the sequence before it.
    for (const seed of [1, 4, 30]) {
      const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'emptyListAsObject')), fixture: demoFixture, seed, numRuns: 10 });

      expect(report.failures.map((finding) => `${finding.operation} ${finding.check}: ${finding.observed}`), `seed ${seed}`).toEqual([]);
    }
  });
});

describe('a stub that answers 200 {} to every operation but the deletes (no List, no Put of its own)', () => {
  it('fails nothing: a List that leaves its list out where records should be may answer every request alike, and is not judged', async () => {
    for (const seed of [1, 2, 3]) {
      const mock = createWorkMailMock({ fixture: demoFixture });
      const stub: HttpHandle = (request) => (/\.Delete/.test(request.headers['x-amz-target'] ?? '') ? mock.handle(request) : { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });

      const report = await runConformance({ target: createHandlerTarget(stub), fixture: demoFixture, seed });

      expect(report.failures.map((finding) => `${finding.operation} ${finding.check}: ${finding.observed}`), `seed ${seed}`).toEqual([]);
      // Its start read shows none of the fixture's records: deleteEffect says so rather than judge.
      for (const operation of report.operations) expect(operation.checks.find((check) => check.name === 'deleteEffect')?.notChecked, operation.operation).toMatch(/differ|lists? none|lacked/);
    }
  });
});

describe('deleteEffect against hand-written mocks with a state bug', () => {
  const bugs: readonly { readonly bug: StateBug; readonly operation: string; readonly shows: RegExp }[] = [
    { bug: 'permissionKept', operation: 'DeleteMailboxPermissions', shows: /the mailboxPermission it names is still there/ },
    { bug: 'wholeMailboxRemoved', operation: 'DeleteMailboxPermissions', shows: /no longer holds \{"entityId":"[^"]+","granteeId":"[^"]+"/ },
    { bug: 'mirrorRemoved', operation: 'DeleteMailboxPermissions', shows: /still there|no longer holds/ },
    { bug: 'someValuesDropped', operation: 'DeleteMailboxPermissions', shows: /still there: \{[^}]*"permissionValues":\["SEND_ON_BEHALF"\]\}/ },
    { bug: 'lastRemovedWhenAbsent', operation: 'DeleteMailboxPermissions', shows: /no longer holds \{"entityId":"[^"]+","granteeId":"[^"]+"/ },
    { bug: 'tokenKept', operation: 'DeletePersonalAccessToken', shows: /the personalAccessToken it names is still there/ },
    // Caught with the demo fixture itself, whose alice holds two tokens (trial bugs2: one token a user hid it).
    { bug: 'tokensOfUserDeleted', operation: 'DeletePersonalAccessToken', shows: /no longer holds \{"id":"[^"]+","userId":"[^"]+"/ },
  ];

  it.each(bugs)('$bug is caught by deleteEffect with default settings (by no other check but the stateful phase\'s), with the delete and a replay that fails again', async ({ bug, operation, shows }) => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, bug)), fixture: demoFixture, seed: 11 });

    // The stateful phase's sequences meet the same bug (a list after the delete): stateSequence may fail too.
    expect(failedChecks(report).filter((check) => check !== 'stateSequence')).toEqual(['deleteEffect']);
    const finding = report.failures.find((candidate) => candidate.check === 'deleteEffect' && candidate.operation === operation);
    expect(finding?.observed).toMatch(shows);
    // The smallest input there is: the delete of one record of the fixture, every member a plain ID.
    expect(Object.keys(finding?.input as object).sort()).toEqual(Object.keys(specs.find((spec) => spec.operation === operation)?.input ?? {}).sort());
    // A run from code: replayed by runConformance; no AWS CLI command, which would reach the real service, not this mock.
    expect(finding?.reproduce.kit).toBe(`runConformance({ ...the same options, operations: ['${operation}'], seed: 11, path: '${finding?.path}' })`);
    expect(finding?.reproduce.awsCli).toBeUndefined();

    const replay = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, bug)), fixture: demoFixture, seed: 11, path: finding?.path as string });
    expect(replay.failures.map((candidate) => candidate.check)).toContain('deleteEffect');
  });

  it('the mirror bug removes the grantee-side permission the demo fixture holds (dave\'s mailbox granted to alice)', async () => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'mirrorRemoved')), fixture: demoFixture, seed: 11 });

    const observed = report.failures.filter((finding) => finding.check === 'deleteEffect').map((finding) => finding.observed);
    expect(observed.some((line) => line.includes(`no longer holds {"entityId":"${demoIds.daveUserId}","granteeId":"${demoIds.aliceUserId}"`))).toBe(true);
  });

  it('gives, after the delete, the AWS CLI commands that list what it changed: the delete alone answers 200 and shows nothing', async () => {
    const servedAt4566 = { kitArgs: ['--endpoint', 'http://127.0.0.1:4566'], endpointUrl: 'http://127.0.0.1:4566', region: 'us-east-1' };
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'mirrorRemoved')), fixture: demoFixture, seed: 11, stateSequences: 0, reproduce: servedAt4566 });

    const finding = report.failures.find((candidate) => candidate.check === 'deleteEffect');
    const input = finding?.input as Record<string, string>;
    const lines = finding?.reproduce.awsCli?.split('\n') ?? [];
    expect(lines[0]).toMatch(/^aws workmail delete-mailbox-permissions --cli-input-json /);
    // The mailbox of each entity the delete names: the entity's, and the grantee's, where the mirror permission went.
    expect(lines.slice(1)).toEqual(
      [input['EntityId'], input['GranteeId']].map(
        (entity) => `aws workmail list-mailbox-permissions --cli-input-json '${JSON.stringify({ OrganizationId: input['OrganizationId'], EntityId: entity })}' --endpoint-url http://127.0.0.1:4566 --region us-east-1`,
      ),
    );
    // A kind listed per organization (tokens): the organization's list.
    const tokenKept = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'tokenKept')), fixture: demoFixture, seed: 11, stateSequences: 0, reproduce: servedAt4566 });
    const tokenLines = tokenKept.failures.find((candidate) => candidate.check === 'deleteEffect')?.reproduce.awsCli?.split('\n') ?? [];
    expect(tokenLines).toHaveLength(2);
    expect(tokenLines[1]).toMatch(/^aws workmail list-personal-access-tokens --cli-input-json '\{"OrganizationId":"m-[0-9a-f]{32}"\}' /);
  });
});

describe('deleteEffect where effects cannot be read', () => {
  /** The reference mock without its List operations, as a mock that serves only the deletes answers them. */
  const withoutLists = (): HttpHandle => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    return (request) =>
      (request.headers['x-amz-target'] ?? '').includes('.List') ? encodeAwsJsonError('UnknownOperationException', 400, 'Unknown operation') : mock.handle(request);
  };

  it('says "not checked" in every report for a target that serves no List operation, and fails nothing', async () => {
    const report = await runConformance({ target: createHandlerTarget(withoutLists()), fixture: demoFixture, seed: 3 });

    expect(report.summary.conformant).toBe(true);
    const permissions = report.operations.find((operation) => operation.operation === 'DeleteMailboxPermissions')?.checks.find((tally) => tally.name === 'deleteEffect');
    expect(permissions?.notChecked).toMatch(/^the target serves no ListMailboxPermissions \(answered 400 UnknownOperationException/);
    expect(permissions?.passed).toBe(0);
    expect(reporters.console(report)).toContain('deleteEffect              not checked: the target serves no ListMailboxPermissions');
    expect(reporters.console(report)).toContain('not checked: the target serves no ListPersonalAccessTokens');
    expect(JSON.parse(reporters.json(report)).operations[0].checks.find((tally: { name: string }) => tally.name === 'deleteEffect').notChecked).toMatch(/^the target serves no List/);
    expect(reporters.junit(report)).toMatch(/<testcase classname="DeleteMailboxPermissions" name="deleteEffect">\s*<skipped message="not checked: the target serves no ListMailboxPermissions/);
    // Contract coverage: real deletes were exercised, none read back, and the verdict line says so.
    const readBack = report.contractCoverage.map((operation) => operation.items.find((item) => item.name === 'realDeleteReadBack'));
    expect(readBack.map((item) => item?.exchanges)).toEqual([0, 0]);
    expect(readBack.map((item) => item?.notExercised).sort()).toEqual([expect.stringMatching(/^the target serves no ListMailboxPermissions/), expect.stringMatching(/^the target serves no ListPersonalAccessTokens/)]);
    // Nor could the stateful phase judge a step without a List: the verdict line says that too.
    expect(reporters.console(report)).toMatch(/\nCONFORMANT: no failures, but no delete's effect was read back for Delete\w+, Delete\w+, and no state sequence of Delete\w+, Delete\w+ was judged \(see stateSequence\) · /);
    expect(report.summary.realDeleteNotReadBack).toHaveLength(2);
    expect(reporters.junit(report)).toMatch(/name="realDeleteReadBack: [^"]+">\s*<skipped message="not exercised: the target serves no List/);
  });

  it('says a List and a Put that refused the start\'s requests refused them, not that the target serves none (trialM #5)', async () => {
    // A mock whose body parser skips application/x-amz-json-1.1 for its supporting operations: each sees no member.
    const mock = createWorkMailMock({ fixture: demoFixture });
    const unparsed = createHandlerTarget((request) =>
      /\.(List|Put)MailboxPermissions$/.test(request.headers['x-amz-target'] ?? '') ? encodeAwsJsonError('InvalidParameterException', 400, 'OrganizationId is required') : mock.handle(request),
    );

    const report = await runConformance({ target: unparsed, fixture: demoFixture, seed: 3, numRuns: 5, operations: ['DeleteMailboxPermissions'] });

    const checks = report.operations[0]?.checks;
    expect(checks?.find((tally) => tally.name === 'deleteEffect')?.notChecked).toBe(
      'ListMailboxPermissions refused the start\'s read of what the target holds (answered 400 InvalidParameterException (from __type): "OrganizationId is required")',
    );
    expect(checks?.find((tally) => tally.name === 'stateSequence')?.notChecked).toMatch(/^ListMailboxPermissions refused the start's read/);

    // Its Put alone refusing (a mock afresh): the stateful phase says so of the Put.
    const fresh = createWorkMailMock({ fixture: demoFixture });
    const putUnparsed = createHandlerTarget((request) =>
      /\.PutMailboxPermissions$/.test(request.headers['x-amz-target'] ?? '') ? encodeAwsJsonError('InvalidParameterException', 400, 'EntityId is required') : fresh.handle(request),
    );
    const putReport = await runConformance({ target: putUnparsed, fixture: demoFixture, seed: 3, numRuns: 5, operations: ['DeleteMailboxPermissions'] });
    expect(putReport.operations[0]?.checks.find((tally) => tally.name === 'stateSequence')?.notChecked).toBe(
      'PutMailboxPermissions refused a put of what the fixture holds (answered 400 InvalidParameterException (from __type): "EntityId is required")',
    );
  });

  it('says a List that gave no answer at the start got none, not that the target serves no List (trialL #7)', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    // A List slower than the run's timeout: it is served, only late.
    const slowLists = createHandlerTarget(async (request) => {
      if ((request.headers['x-amz-target'] ?? '').includes('.ListMailboxPermissions')) await new Promise((resolve) => setTimeout(resolve, 200));
      return mock.handle(request);
    });

    const report = await runConformance({ target: slowLists, fixture: demoFixture, seed: 3, numRuns: 5, stateSequences: 0, operations: ['DeleteMailboxPermissions'], timeoutMs: 50, settleMs: 0 });

    const notChecked = report.operations[0]?.checks.find((tally) => tally.name === 'deleteEffect')?.notChecked;
    const slowPuts = createHandlerTarget(async (request) => {
      if ((request.headers['x-amz-target'] ?? '').includes('.PutMailboxPermissions')) await new Promise((resolve) => setTimeout(resolve, 200));
      return mock.handle(request);
    });
    const sequences = await runConformance({ target: slowPuts, fixture: demoFixture, seed: 3, numRuns: 5, operations: ['DeleteMailboxPermissions'], timeoutMs: 50, settleMs: 0 });
    expect(sequences.operations[0]?.checks.find((tally) => tally.name === 'stateSequence')?.notChecked).toMatch(/^PutMailboxPermissions gave no answer to a put of what the fixture holds \(no answer within 50 ms\), so no sequence could be set up/);
    expect(notChecked).toMatch(/^ListMailboxPermissions gave no answer when the start read what the target holds \(no answer within 50 ms\), so what a delete did could not be compared$/);
  });

  it('says "not checked" without a fixture, and where the target holds other records than the fixture says', async () => {
    const noFixture = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle), seed: 3, numRuns: 5 });
    expect(noFixture.operations.map((operation) => operation.checks.find((tally) => tally.name === 'deleteEffect')?.notChecked)).toEqual([
      'no fixture: what the target holds is not known',
      'no fixture: what the target holds is not known',
    ]);

    const emptied = createWorkMailMock({ fixture: { organizations: demoFixture.organizations.map((organization) => ({ ...organization, personalAccessTokens: [] })) } });
    const differs = await runConformance({ target: createHandlerTarget(emptied.handle), fixture: demoFixture, seed: 3, numRuns: 5, operations: ['DeletePersonalAccessToken'] });
    expect(differs.operations[0]?.checks.find((tally) => tally.name === 'deleteEffect')?.notChecked).toMatch(/^at the start the target's personalAccessToken records in m-0f1e\w+ differ from the fixture \(it lacks/);
    // Nor does a success count as a real delete there on the fixture's word (the target held no token; it counted 3).
    const realDelete = differs.contractCoverage[0]?.items.find((item) => item.name === 'realDelete');
    expect(realDelete).toMatchObject({ exchanges: 0, notExercised: expect.stringMatching(/^at the start the target's personalAccessToken records .* differ from the fixture .*: no success is known to have found what the fixture says$/) });
    expect(differs.summary.realDeleteNotExercised).toEqual(['DeletePersonalAccessToken']);
    expect(reporters.console(differs)).toContain(
      "CONFORMANT: no failures, but the target's records differed from the fixture at the start for DeletePersonalAccessToken (not restarted since an earlier run, or another fixture?), so its deletes were not judged (see deleteEffect), and no real delete was exercised for DeletePersonalAccessToken",
    );
  });

  it('says the List gives no records to compare, not that they differ from the fixture, where its items leave out a field (tokens without UserId)', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const withoutUserIds: HttpHandle = (request) => {
      const response = mock.handle(request);
      if (!(request.headers['x-amz-target'] ?? '').endsWith('.ListPersonalAccessTokens') || response.status !== 200) return response;
      const output = JSON.parse(response.body) as { PersonalAccessTokenSummaries: Record<string, unknown>[] };
      for (const summary of output.PersonalAccessTokenSummaries) delete summary['UserId'];
      return { ...response, body: JSON.stringify(output) };
    };

    const report = await runConformance({ target: createHandlerTarget(withoutUserIds), fixture: demoFixture, seed: 3, numRuns: 5, operations: ['DeletePersonalAccessToken'] });

    expect(report.operations[0]?.checks.find((tally) => tally.name === 'deleteEffect')?.notChecked).toBe(
      "the target's ListPersonalAccessTokens answers give no list of records to compare (a PersonalAccessTokenSummaries item without UserId)",
    );
  });

  it('says why, not that the target serves no List, where no organization it could read has an entity to list permissions of', async () => {
    const fixture = { organizations: [{ id: 'm-0123456789abcdef0123456789abcdef', state: 'Active' }] };

    const report = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture }).handle), fixture, seed: 3, numRuns: 5, operations: ['DeleteMailboxPermissions'] });

    expect(report.operations[0]?.checks.find((tally) => tally.name === 'deleteEffect')?.notChecked).toBe(
      "the fixture's organizations in state Active have no entity, and ListMailboxPermissions lists mailboxPermission records per entity",
    );
  });
});
