import { afterEach, describe, expect, it } from 'vitest';
import { virtualClock } from '../helpers/virtual-clock.ts';
import { backoffDelay, createRequestGate } from '../../src/live/request-gate.ts';
import { createRateLimiter } from '../../src/live/rate-limiter.ts';
import { transientErrorTypes } from '../../src/live/transient-errors.ts';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import { findOperationSpec, loadCommonErrors, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { createGatedTarget } from '../../src/live/gated-target.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createWorkMailApi } from '../../src/live/work-mail-api.ts';
import type { WorkMailClient } from '@aws-sdk/client-workmail';
import { buildAwsJsonRequest, encodeAwsJsonError } from '../../src/wire/aws-json.ts';
import { startStandIn, testCredentials, type StandIn } from './helpers/stand-in-server.ts';

const specs = loadOperationSpecs();
const tokenSpec = findOperationSpec(specs, 'DeletePersonalAccessToken');
const transientTypes = transientErrorTypes(loadCommonErrors());
let standIn: StandIn | undefined;

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

function tokenRequest(tokenId: string) {
  const input = { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: tokenId };
  return { operation: tokenSpec.operation, request: buildAwsJsonRequest(tokenSpec, input), input };
}

describe('the request gate of live runs', () => {
  it('never lets more than max-rps requests start in any one-second window, measured on an injected clock', async () => {
    // Arrange
    standIn = await startStandIn();
    const clock = virtualClock();
    const grants: number[] = [];
    const gate = createRequestGate({ maxPerSecond: 5, maxRequests: undefined, clock, onGrant: (time) => grants.push(time) });
    const target = createGatedTarget(createHttpTarget({ endpoint: standIn.url, region: 'us-east-1', credentials: testCredentials }), gate, transientTypes);

    // Act
    await Promise.all(Array.from({ length: 30 }, (_, index) => target.send(tokenRequest(`token-${index}`), { timeoutMs: 5000 })));
    await target.close();

    // Assert
    expect(standIn.received).toHaveLength(30);
    expect(grants).toHaveLength(30);
    // Windows with both ends included: one that starts and ends on a grant holds max-rps too (trialR #6).
    const busiest = Math.max(...grants.map((start) => grants.filter((time) => time >= start && time <= start + 1000).length));
    expect(busiest).toBe(5);
  });

  it('keeps to max-rps where timers fire late: each slot counts from when the one before was granted (trialR #6)', async () => {
    const clock = virtualClock();
    // Every other wait ends 40 ms late, as a busy event loop's timer does.
    let late = false;
    const lateClock = { now: clock.now, sleep: async (milliseconds: number) => { late = !late; await clock.sleep(milliseconds + (late ? 40 : 0)); } };
    const grants: number[] = [];
    const limiter = createRateLimiter({ maxPerSecond: 3, clock: lateClock, onGrant: (time) => grants.push(time) });

    await Promise.all(Array.from({ length: 20 }, () => limiter.acquire()));

    expect(grants).toHaveLength(20);
    const busiest = Math.max(...grants.map((start) => grants.filter((time) => time >= start && time <= start + 1000).length));
    expect(busiest).toBe(3);
  });

  it('retries a persisting ThrottlingException with growing full-jitter backoff, then lets the last answer through as a finding', async () => {
    standIn = await startStandIn({ refuse: () => encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded') });
    const clock = virtualClock();
    const gate = createRequestGate({ maxPerSecond: undefined, maxRequests: undefined, clock, random: () => 0.999, retries: 3, baseMs: 200, capMs: 500 });
    const target = createGatedTarget(createHttpTarget({ endpoint: standIn.url, region: 'us-east-1', credentials: testCredentials }), gate, transientTypes);

    const observation = await target.send(tokenRequest('abc'), { timeoutMs: 5000 });
    await target.close();

    expect(standIn.received).toHaveLength(4);
    expect(observation.kind === 'response' && observation.errorType).toBe('ThrottlingException');
    expect(clock.waits).toEqual([199, 399, 499]);
    expect(gate.transient).toEqual({ retried: 3, persisted: 1, byReason: { ThrottlingException: 4 } });
  });

  it('counts and keeps, in order, the sends the transport made again itself (a kept-alive connection dropped before any answer) (trialC s4a)', async () => {
    const clock = virtualClock();
    const gate = createRequestGate({ maxPerSecond: undefined, maxRequests: undefined, clock, random: () => 0, retries: 3 });
    // The first attempt was sent twice by the transport and then throttled; the second was sent twice and answered.
    const answers = [
      { kind: 'response', status: 400, headers: {}, body: '', errorType: 'ThrottlingException', latencyMs: 1, retriedAfter: ['ECONNRESET'] },
      { kind: 'response', status: 200, headers: {}, body: '', errorType: undefined, latencyMs: 1, retriedAfter: ['UND_ERR_SOCKET'] },
    ] as const;
    let sent = 0;
    const transport = { description: 'a transport', capabilities: { rawBodies: true }, send: () => Promise.resolve(answers[sent++] as never), close: () => Promise.resolve() };
    const target = createGatedTarget(transport, gate, transientTypes);

    const observation = await target.send(tokenRequest('abc'), { timeoutMs: 5000 });

    expect(observation).toMatchObject({ status: 200, retriedAfter: ['ECONNRESET', 'ThrottlingException', 'UND_ERR_SOCKET'] });
    expect(gate.transient).toEqual({ retried: 3, persisted: 0, byReason: { ECONNRESET: 1, ThrottlingException: 1, UND_ERR_SOCKET: 1 } });
  });

  it('says to stop once 20 requests in a row got only transient answers past every retry (a target that died), not before, and never after a real answer', async () => {
    const clock = virtualClock();
    const gate = createRequestGate({ maxPerSecond: undefined, maxRequests: undefined, clock, random: () => 0, retries: 2 });
    const dropped = { kind: 'networkError' as const, code: 'ECONNRESET', message: 'socket hang up', latencyMs: 1 };
    const answered = { kind: 'response' as const, status: 200 };
    const reason = (answer: { kind: string; code?: string }) => (answer.kind === 'networkError' ? answer.code : undefined);

    for (let index = 0; index < 19; index += 1) await gate.send(() => Promise.resolve(dropped), reason);
    expect(gate.stopReason()).toBeUndefined();
    // One real answer, and the count starts again.
    await gate.send(() => Promise.resolve(answered), reason);
    for (let index = 0; index < 19; index += 1) await gate.send(() => Promise.resolve(dropped), reason);
    expect(gate.stopReason()).toBeUndefined();
    await gate.send(() => Promise.resolve(dropped), reason);

    expect(gate.stopReason()).toBe('the target gave no answer but a transient one (the last ECONNRESET) to 20 requests in a row, each past 2 retries: the run stopped sending');
    expect(gate.transient).toMatchObject({ retried: 78, persisted: 39 });
  });

  it('gives, with the answer it lets through, the transient answers of the attempts before it', async () => {
    let attempts = 0;
    // Throttles the first two attempts of each request, then answers.
    standIn = await startStandIn({ refuse: () => (attempts++ % 3 < 2 ? encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded') : undefined) });
    const gate = createRequestGate({ maxPerSecond: undefined, maxRequests: undefined, clock: virtualClock(), retries: 3 });
    const target = createGatedTarget(createHttpTarget({ endpoint: standIn.url, region: 'us-east-1', credentials: testCredentials }), gate, transientTypes);
    const persisting = createGatedTarget(
      createHttpTarget({ endpoint: standIn.url, region: 'us-east-1', credentials: testCredentials }),
      createRequestGate({ maxPerSecond: undefined, maxRequests: undefined, clock: virtualClock(), retries: 1 }),
      transientTypes,
    );

    const answered = await target.send(tokenRequest('abc'), { timeoutMs: 5000 });
    attempts = 0;
    const persisted = await persisting.send(tokenRequest('abc'), { timeoutMs: 5000 });
    await target.close();
    await persisting.close();

    expect(answered).toMatchObject({ kind: 'response', retriedAfter: ['ThrottlingException', 'ThrottlingException'] });
    expect(answered.kind === 'response' && answered.errorType).not.toBe('ThrottlingException');
    // Tried twice in all: the answer judged is the second throttling, and the first comes before it.
    expect(persisted).toMatchObject({ kind: 'response', errorType: 'ThrottlingException', retriedAfter: ['ThrottlingException'] });
  });

  it('computes full-jitter backoff between 0 and min(cap, base x 2^retry)', () => {
    expect(backoffDelay(0, { baseMs: 200, capMs: 5000 }, () => 0)).toBe(0);
    expect(backoffDelay(3, { baseMs: 200, capMs: 5000 }, () => 0.5)).toBe(800);
    expect(backoffDelay(10, { baseMs: 200, capMs: 5000 }, () => 0.5)).toBe(2500);
  });

  it("tries again a 5xx or a 429 whatever its body (a load balancer's HTML page), in the reads around the cases and in the cases", async () => {
    const seen = new Set<string>();
    let pages = 0;
    standIn = await startStandIn({
      // The first attempt of every third distinct request meets the load balancer's page.
      refuse: (request) => {
        const key = `${request.headers['x-amz-target'] ?? ''}\n${request.body}`;
        if (seen.has(key)) return undefined;
        seen.add(key);
        if (seen.size % 3 !== 1) return undefined;
        pages += 1;
        // A gateway's pages: 503 and 429 (throttling, as the AWS SDKs read it), neither in awsJson.
        const status = pages % 2 === 0 ? 429 : 503;
        return { status, headers: { 'content-type': 'text/html' }, body: `<html><body><h1>${status}</h1></body></html>` };
      },
    });

    const report = await runConformance({
      live: { endpoint: standIn.url, region: 'us-east-1', credentials: testCredentials, organizationIds: [demoIds.organizationId], maxRps: 5000, maxRequests: 5000 },
      seed: 3,
      numRuns: 5,
    });

    expect(pages).toBeGreaterThan(20);
    expect(report.failures).toEqual([]);
    expect(report.summary.conformant).toBe(true);
    expect(report.live.gaps).toEqual([]);
    expect(report.live.transient.byReason['HTTP 503']).toBeGreaterThan(0);
    expect(report.live.transient.byReason['HTTP 429']).toBeGreaterThan(0);
  });

  it('tries the reads around the cases again after an answer cut short or a 5xx page, never after a real error', async () => {
    const answers: unknown[] = [
      Object.assign(new Error('aborted'), { code: 'ECONNRESET', $metadata: { httpStatusCode: 200 } }),
      Object.assign(new SyntaxError('Unterminated string in JSON at position 30'), { $metadata: { httpStatusCode: 200 } }),
      Object.assign(new SyntaxError("Unexpected token '<'"), { $metadata: { httpStatusCode: 502 } }),
      { Permissions: [{ GranteeId: 'g', PermissionValues: ['FULL_ACCESS'] }] },
      Object.assign(new Error('no'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }),
    ];
    const client = { send: () => (answers[0] instanceof Error ? Promise.reject(answers.shift()) : Promise.resolve(answers.shift())) } as unknown as WorkMailClient;
    const clock = virtualClock();
    const gate = createRequestGate({ maxPerSecond: 100, maxRequests: 100, clock, random: () => 0.5 });
    const api = createWorkMailApi({ region: 'us-east-1', endpoint: undefined, credentials: async () => testCredentials, gate, transientTypes, client });

    expect(await api.listMailboxPermissions(demoIds.organizationId, 'e')).toEqual([{ granteeId: 'g', permissionValues: ['FULL_ACCESS'] }]);
    expect(gate.transient.byReason).toEqual({ ECONNRESET: 1, 'HTTP 200 with a body that is not JSON': 1, 'HTTP 502': 1 });
    await expect(api.listMailboxPermissions(demoIds.organizationId, 'e')).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(gate.transient.retried).toBe(3);
  });

  it('reads the transient error types from specs/common-errors.json', () => {
    const shared = loadCommonErrors();
    const marked = shared.commonErrors.filter((error) => error.transient).map((error) => error.type);
    expect([...transientTypes].sort()).toEqual([...marked].sort());
    expect(marked.length).toBeGreaterThan(0);
  });

  it('never starts a case whose retries could pass the budget', async () => {
    standIn = await startStandIn();
    const gate = createRequestGate({ maxPerSecond: undefined, maxRequests: 10, retries: 3, clock: virtualClock() });
    const target = createGatedTarget(createHttpTarget({ endpoint: standIn.url, region: 'us-east-1', credentials: testCredentials }), gate, transientTypes);

    let sent = 0;
    while (gate.stopReason() === undefined) {
      await target.send(tokenRequest(`t${sent}`), { timeoutMs: 5000 });
      sent += 1;
    }
    await target.close();

    expect(sent).toBe(7);
    expect(standIn.received).toHaveLength(7);
    // Three are left, where a request with its retries may take four: the reason says so, not that the budget is spent.
    expect(gate.stopReason()).toBe('the request budget (--max-requests 10) cannot hold another request with its retries: 7 sent, 3 left, where one may take 4');
  });
});
