import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import type { OperationSpec } from '../../src/spec/spec-schema.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { buildAwsJsonRequest } from '../../src/wire/aws-json.ts';

/** The shipped DeletePersonalAccessToken spec with OrganizationStateException at 409, as a user's house rules may have it. */
function withStateErrorAt409(): OperationSpec {
  const shipped = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
  const at409 = <T extends { readonly type?: string | undefined; readonly status?: number | undefined }>(outcome: T): T => (outcome.type === 'OrganizationStateException' ? { ...outcome, status: 409 } : outcome);
  return {
    ...shipped,
    errors: shipped.errors.map(at409),
    openPoints: shipped.openPoints.map((point) => ({ ...point, outcomes: point.outcomes.map(at409) })),
  };
}

describe('a user spec that gives an error another HTTP status', () => {
  it('is served by the embedded mock with that status, and a run of the spec against it is conformant', async () => {
    const spec = withStateErrorAt409();
    const mock = createWorkMailMock({ specs: [spec], fixture: demoFixture });

    const answer = mock.handle(buildAwsJsonRequest(spec, { OrganizationId: demoIds.creatingOrganizationId, PersonalAccessTokenId: demoIds.aliceTokenId }));
    const report = await runConformance({ target: createHandlerTarget(mock.handle), specs: [spec], fixture: demoFixture, seed: 1, numRuns: 20 });

    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.body)).toMatchObject({ __type: 'OrganizationStateException' });
    expect(report.failures).toEqual([]);
    expect(report.summary.conformant).toBe(true);
  });
});
