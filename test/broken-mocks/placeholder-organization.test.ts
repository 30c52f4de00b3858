import { describe, expect, it } from 'vitest';
import { freshRandomForm } from '../../src/model/fresh-random-identifier.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { validateInput } from '../../src/spec/constraints.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../src/wire/http-message.ts';

const specs = loadOperationSpecs();
const tokens = findOperationSpec(specs, 'DeletePersonalAccessToken');
/** The organization ID a hand-made mock often holds: the pattern's first value, and what fast-check shrinks an ID to. */
const placeholderOrganization = 'm-00000000000000000000000000000000';
/** The other one: an ID written out by hand, as examples write one (this kit's own among them; the documentation gives none). */
const handWrittenOrganization = 'm-0123456789abcdef0123456789abcdef';

function answer(status: number, body: Record<string, unknown>): HttpResponseMessage {
  return { status, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) };
}

/**
 * DeletePersonalAccessToken as a hand-made mock serves it: one organization, `m-000…0`, and the documented validation.
 * `checksOrganization: false` is the usual slip: every organization is taken to exist, so any valid delete answers 200.
 */
function placeholderMock(checksOrganization: boolean, organization = placeholderOrganization): (request: HttpRequestMessage) => HttpResponseMessage {
  return (request) => {
    let input: unknown;
    try {
      input = JSON.parse(request.body);
    } catch {
      return answer(400, { __type: 'SerializationException', message: 'Malformed JSON' });
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return answer(400, { __type: 'SerializationException', message: 'Not an object' });
    const body = input as Record<string, unknown>;
    if (validateInput(tokens, body).length > 0) return answer(400, { __type: 'InvalidParameterException', message: 'Invalid input' });
    if (checksOrganization && body.OrganizationId !== organization) return answer(400, { __type: 'OrganizationNotFoundException', message: 'No such organization' });
    return answer(200, {});
  };
}

describe('a mock that holds the placeholder organization m-000…0, run without a fixture', () => {
  it('is conformant when it checks the organization', async () => {
    const report = await runConformance({ target: createHandlerTarget(placeholderMock(true)), operations: [tokens.operation], numRuns: 100, seed: 5 });
    expect(report.summary.conformant).toBe(true);
  });

  it('fails for answering 200 in organizations it does not hold, with an example that names a random organization, never its own', async () => {
    const report = await runConformance({ target: createHandlerTarget(placeholderMock(false)), operations: [tokens.operation], numRuns: 100, seed: 5 });
    const findings = report.failures.filter((finding) => finding.check === 'stateConformance');
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      // Shrinking once made this m-000…0, which the mock holds: an example of a failure that is none.
      const organizationId = (finding.input as Record<string, unknown>).OrganizationId as string;
      expect(organizationId).not.toBe(placeholderOrganization);
      expect(freshRandomForm(tokens.input.OrganizationId?.forms, organizationId)).toBe('organizationId');
      expect(finding.expected).toContain('OrganizationNotFoundException');
    }
  });
});

describe('a mock that holds an organization ID written out by hand, run without a fixture', () => {
  it('is conformant when it checks the organization: the kit never takes that ID to name nothing', async () => {
    const report = await runConformance({ target: createHandlerTarget(placeholderMock(true, handWrittenOrganization)), operations: [tokens.operation], numRuns: 100, seed: 5 });
    expect(report.failures).toEqual([]);
    expect(report.summary.conformant).toBe(true);
  });
});
