import { describe, expect, it } from 'vitest';
import { ruleOf } from '../../src/checks/check.ts';
import { idempotency } from '../../src/checks/idempotency.ts';
import { stateConformance } from '../../src/checks/state-conformance.ts';
import { statusCodeConformance } from '../../src/checks/status-code-conformance.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { restorableKinds } from '../../src/model/resource-kinds.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

const specs = loadOperationSpecs();

/** Runs DeleteMailboxPermissions with the spec's idempotence set, against a mock whose second delete of a permission fails. */
async function runAgainstNonIdempotent(idempotent: boolean) {
  const changed = structuredClone(specs).map((spec) => ({ ...spec, output: { ...spec.output, idempotent } }));
  const mock = createWorkMailMock({ fixture: demoFixture });
  const deleted = new Set<string>();
  let repeats = 0;
  const report = await runConformance({
    target: createHandlerTarget((request) => {
      const response = mock.handle(request);
      if (response.status !== 200 || !request.headers['x-amz-target']?.endsWith('DeleteMailboxPermissions')) return response;
      if (deleted.has(request.body)) return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"__type":"EntityNotFoundException","message":"gone"}' };
      deleted.add(request.body);
      return response;
    }),
    specs: changed,
    operations: ['DeleteMailboxPermissions'],
    fixture: demoFixture,
    seed: 2,
    numRuns: 0,
    // This mock refuses every second delete of a body, even of a permission a Put has put back: the stateful phase rightly
    // fails that (the permission exists), which is not what this test is about.
    stateSequences: 0,
    onEvent: (event) => {
      if (event.type === 'exchange' && event.exchange.testCase.phase === 'repeat') repeats += 1;
    },
  });
  return { failedChecks: [...new Set(report.failures.map((failure) => failure.check))], repeats };
}

describe('spec fields the runner and the checks honour', () => {
  it('output.idempotent decides whether successes are repeated and judged by idempotency', async () => {
    const idempotent = await runAgainstNonIdempotent(true);
    expect(idempotent.repeats).toBeGreaterThan(0);
    expect(idempotent.failedChecks).toContain('idempotency');
    const notIdempotent = await runAgainstNonIdempotent(false);
    expect(notIdempotent).toEqual({ failedChecks: [], repeats: 0 });
  });

  it("takes check rule texts from the spec: its precedence, its statuses, its idempotence", () => {
    const permissions = findOperationSpec(specs, 'DeleteMailboxPermissions');
    const alias = findOperationSpec(loadOperationSpecs(`${import.meta.dirname}/../extensibility/specs`), 'DeleteAlias');
    expect(ruleOf(stateConformance, permissions)).toMatch(/OrganizationId \(organization\), then EntityId \(entity\), then GranteeId \(entity\), then the delete of the mailboxPermission\.$/);
    expect(ruleOf(stateConformance, alias)).toMatch(/OrganizationId \(organization\), then EntityId \(entity\), then the delete of the alias\.$/);
    expect(ruleOf(statusCodeConformance, permissions)).toContain('400 for DeleteMailboxPermissions');
    expect(ruleOf(idempotency, { ...alias, output: { ...alias.output, idempotent: false } })).toBe('DeleteAlias is not idempotent: repeats are not judged.');
  });
});

describe('resource kinds declared by specs', () => {
  it('tells which kinds can be put back, as the specs declare them', () => {
    expect([...restorableKinds(specs)]).toEqual(['mailboxPermission']);
    const alias = loadOperationSpecs(`${import.meta.dirname}/../extensibility/specs`);
    expect([...restorableKinds([...specs, ...alias])].sort()).toEqual(['alias', 'mailboxPermission']);
  });
});
