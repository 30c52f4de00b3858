import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config-error.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import type { Observation } from '../../src/observation/observation.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { sideBySideGroups } from '../../src/runner/side-by-side-groups.ts';
import { builtInOperationSpecs } from '../../src/spec/built-in-specs.ts';
import type { OperationSpec } from '../../src/spec/spec-schema.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import type { Target } from '../../src/target/target.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../src/wire/http-message.ts';

const specs = builtInOperationSpecs();
const byName = (operation: string) => specs.find((spec) => spec.operation === operation) as OperationSpec;
const permissions = byName('DeleteMailboxPermissions');
const tokens = byName('DeletePersonalAccessToken');

/** A spec like `base` under another name that deletes `resource`. */
function deleting(base: OperationSpec, operation: string, resource: string): OperationSpec {
  return { ...base, operation, effect: { ...base.effect, resource } };
}

/** The report without what depends on the clock. */
function timeless(report: ConformanceReport): unknown {
  const { durationMs: _durationMs, startedAt: _startedAt, ...rest } = report;
  return rest;
}

/**
 * A handler behind a target that answers each request after one to three event-loop turns drawn from `seed`, as a server over
 * the wire answers, and counts the deletes (the cases; List reads are not) in flight at once, per operation and in all.
 */
function delayedTarget(handle: (request: HttpRequestMessage) => HttpResponseMessage, seed: number) {
  let state = seed;
  const turns = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return 1 + (state % 3);
  };
  const inFlight = new Map<string, number>();
  let mostInFlight = 0;
  let bothAtOnce = false;
  let sent = 0;
  const inner = createHandlerTarget(handle);
  const target: Target = {
    // The same for every seed: reports of runs that differ only in timing compare equal.
    description: 'the reference mock, answering late',
    capabilities: inner.capabilities,
    async send(request, options): Promise<Observation> {
      sent += 1;
      const counted = request.operation.startsWith('Delete');
      if (counted) {
        inFlight.set(request.operation, (inFlight.get(request.operation) ?? 0) + 1);
        const total = [...inFlight.values()].reduce((sum, count) => sum + count, 0);
        mostInFlight = Math.max(mostInFlight, total);
        bothAtOnce ||= [...inFlight.values()].filter((count) => count > 0).length > 1;
      }
      for (let turn = turns(); turn > 0; turn -= 1) await new Promise((resolve) => setImmediate(resolve));
      try {
        return await inner.send(request, options);
      } finally {
        if (counted) inFlight.set(request.operation, (inFlight.get(request.operation) ?? 1) - 1);
      }
    },
    close: () => inner.close(),
  };
  return { target, mostInFlight: () => mostInFlight, bothAtOnce: () => bothAtOnce, sent: () => sent };
}

describe('operations that cannot see each other run side by side', () => {
  it('groups operations whose deletes change nothing another looks up or deletes', () => {
    expect(sideBySideGroups([permissions, tokens])).toEqual([[permissions], [tokens]]);
    const otherTokenDelete = deleting(tokens, 'DeleteTokenAgain', 'personalAccessToken');
    expect(sideBySideGroups([permissions, tokens, otherTokenDelete])).toEqual([[permissions], [tokens, otherTokenDelete]]);
    // Deleting entities changes what DeleteMailboxPermissions looks up; deleting organizations, what both look up.
    const entityDelete = deleting(tokens, 'DeleteEntity', 'entity');
    expect(sideBySideGroups([permissions, tokens, entityDelete])).toEqual([[permissions, entityDelete], [tokens]]);
    const organizationDelete = deleting(tokens, 'DeleteOrganization', 'organization');
    expect(sideBySideGroups([permissions, tokens, organizationDelete])).toEqual([[permissions, tokens, organizationDelete]]);
    expect(sideBySideGroups([organizationDelete, tokens, permissions])).toEqual([[organizationDelete, tokens, permissions]]);
  });

  it('sends both operations\' cases at once, never more cases in flight than the concurrency, and reports as if one ran after the other', async () => {
    const first = delayedTarget(createWorkMailMock({ fixture: demoFixture }).handle, 1);
    const second = delayedTarget(createWorkMailMock({ fixture: demoFixture }).handle, 77);

    const options = { fixture: demoFixture, seed: 6, numRuns: 40, concurrency: 3 };
    const reports = [await runConformance({ ...options, target: first.target }), await runConformance({ ...options, target: second.target })];

    expect(first.bothAtOnce()).toBe(true);
    expect(first.mostInFlight()).toBeLessThanOrEqual(3);
    expect(second.mostInFlight()).toBeLessThanOrEqual(3);
    expect(reports[0]?.summary.conformant).toBe(true);
    expect(reports[0]?.operations.map(({ operation }) => operation)).toEqual(['DeleteMailboxPermissions', 'DeletePersonalAccessToken']);
    expect(timeless(reports[1] as ConformanceReport)).toEqual(timeless(reports[0] as ConformanceReport));
    // A send policy keeps one operation after the other: the same report.
    const oneAfterTheOther = delayedTarget(createWorkMailMock({ fixture: demoFixture }).handle, 1);
    const sequential = await runConformance({ ...options, target: oneAfterTheOther.target, sendPolicy: () => 'send' as const });
    expect(oneAfterTheOther.bothAtOnce()).toBe(false);
    expect(timeless(sequential)).toEqual(timeless(reports[0] as ConformanceReport));
  });

  it('lists findings by operation, in the run\'s order, whichever operation failed first', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    // Both operations accept anything as a success: findings in both, their events interleaved.
    const acceptAll = (request: HttpRequestMessage): HttpResponseMessage =>
      request.headers['x-amz-target']?.includes('Delete') === true ? { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' } : mock.handle(request);
    const { target } = delayedTarget(acceptAll, 5);

    const report = await runConformance({ target, fixture: demoFixture, seed: 6, numRuns: 20, maxShrinkRequests: 20, stateSequences: 0 });

    const operations = report.failures.map((finding) => finding.operation);
    expect(new Set(operations)).toEqual(new Set(['DeleteMailboxPermissions', 'DeletePersonalAccessToken']));
    expect(operations).toEqual([...operations].sort());
  });

  it('runs them one after another where a send policy decides each send (a live run\'s guard)', async () => {
    const { target, bothAtOnce } = delayedTarget(createWorkMailMock({ fixture: demoFixture }).handle, 3);

    const report = await runConformance({ target, fixture: demoFixture, seed: 6, numRuns: 30, concurrency: 4, sendPolicy: () => 'send' as const });

    expect(report.summary.conformant).toBe(true);
    expect(bothAtOnce()).toBe(false);
  });

  it('ends the run with an error one operation meets: the other stops sending, and the run ends once it has', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const { target, sent } = delayedTarget(mock.handle, 9);
    let refusedAt: number | undefined;
    let permissionDeletesAfter = 0;
    const refusing: Target = {
      ...target,
      async send(request, options) {
        if (request.operation === 'DeletePersonalAccessToken') {
          refusedAt ??= sent();
          throw new ConfigError('--endpoint: the target refused DeletePersonalAccessToken');
        }
        if (refusedAt !== undefined && request.operation === 'DeleteMailboxPermissions') permissionDeletesAfter += 1;
        return target.send(request, options);
      },
    };

    await expect(runConformance({ target: refusing, fixture: demoFixture, seed: 6, numRuns: 200, concurrency: 4 })).rejects.toThrow('--endpoint: the target refused DeletePersonalAccessToken');
    const atEnd = sent();
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));

    expect(refusedAt).toBeDefined();
    // DeleteMailboxPermissions alone would send about 1,100 more cases; it stops at its next send.
    expect(permissionDeletesAfter).toBeLessThanOrEqual(1);
    expect(sent()).toBe(atEnd);
  });
});
