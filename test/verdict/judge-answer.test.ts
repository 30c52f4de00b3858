import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverageCases } from '../../src/cases/coverage-cases.ts';
import type { Case } from '../../src/cases/case.ts';
import { propertyCaseArbitrary } from '../../src/cases/property-cases.ts';
import { isConfigError } from '../../src/config-error.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { openPointReadings } from '../../src/model/readings.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { readingName, type OperationSpec } from '../../src/spec/spec-schema.ts';
import { buildAwsJsonRequest } from '../../src/wire/aws-json.ts';
import { judgeAnswer } from '../../src/verdict/judge-answer.ts';

const specs = loadOperationSpecs();
const permissions = findOperationSpec(specs, 'DeleteMailboxPermissions');
const tokens = findOperationSpec(specs, 'DeletePersonalAccessToken');
const context = (profile: 'documented' | 'aws' = 'documented') => ({ state: WorkMailState.fromFixture(demoFixture), profile });

/** Whether a reading of an open point is one the documented profile accepts (the others are `aws`-only). */
const documentedReading = (id: string, name: string) =>
  specs.some((spec) => spec.openPoints.some((point) => point.id === id && point.outcomes.some((outcome) => readingName(outcome) === name && outcome.profiles.includes('documented'))));

/** Each reading of each open point alone, the others at the reference mock's defaults, with the profile that accepts it. */
const eachReading = [...openPointReadings(specs)].flatMap(([id, names]) => names.map((name) => ({ readings: { [id]: name }, profile: documentedReading(id, name) ? ('documented' as const) : ('aws' as const) })));

function casesOf(spec: OperationSpec): Case[] {
  return [
    ...coverageCases(spec, { fixture: demoFixture }),
    ...(['valid', 'invalid'] as const).flatMap((kind) => fc.sample(propertyCaseArbitrary(spec, kind, { fixture: demoFixture }), { numRuns: 150, seed: 11 })),
  ];
}

describe('judgeAnswer', () => {
  it.each([
    ['DeleteMailboxPermissions', permissions],
    ['DeletePersonalAccessToken', tokens],
  ])('finds nothing in the reference mock’s answers to %s, under each reading of each open point', (_, spec) => {
    const cases = casesOf(spec);
    for (const { readings, profile } of [{ readings: {}, profile: 'documented' as const }, ...eachReading]) {
      const mock = createWorkMailMock({ fixture: demoFixture, readings });
      for (const testCase of cases) {
        mock.reset();
        const request = buildAwsJsonRequest(spec, testCase.body.kind === 'input' ? testCase.body.input : testCase.body.text);
        const verdict = judgeAnswer(spec, testCase, mock.handle(request), context(profile));
        expect(verdict.findings, `${JSON.stringify(readings)} ${testCase.description}`).toEqual([]);
        expect(verdict.allowed).toBe(true);
      }
    }
  });

  // Answers as hand-written mocks give them, each caught by the check that owns the rule.
  const invalid = { body: { kind: 'input', input: { OrganizationId: demoIds.organizationId, EntityId: 'alice!', GranteeId: 'sales' } } } as const;
  const deletedOrganization = { body: { kind: 'input', input: { OrganizationId: demoIds.deletedOrganizationId, EntityId: 'alice', GranteeId: 'sales' } } } as const;
  const json = { 'Content-Type': 'application/x-amz-json-1.1' };
  it.each([
    ['a success for an invalid input (a mock that validates nothing)', invalid, { status: 200, headers: json, body: '{}' }, 'negativeDataRejection'],
    ['a 404 for an invalid input (REST habits)', invalid, { status: 404, headers: json, body: '{"__type":"InvalidParameterException","Message":"bad"}' }, 'statusCodeConformance'],
    ['a BadRequest type of its own', invalid, { status: 400, headers: json, body: '{"__type":"BadRequest","Message":"bad"}' }, 'exceptionTypeConformance'],
    ['Express’s default error: a message and no type', invalid, { status: 400, headers: { 'content-type': 'application/json' }, body: '{"message":"bad"}' }, 'errorResponseShape'],
    ['a crash', deletedOrganization, { status: 500, headers: { 'content-type': 'text/html' }, body: '<pre>TypeError</pre>' }, 'noServerErrors'],
    ['a success in an organization in state Deleted (a mock that checks existence only)', deletedOrganization, { status: 200, headers: json, body: '{}' }, 'stateConformance'],
  ] as const)('catches %s', (_, testCase, answer, check) => {
    const verdict = judgeAnswer(permissions, testCase, answer, context());
    expect(verdict.allowed).toBe(false);
    expect(verdict.findings.map((finding) => finding.check)).toContain(check);
    const finding = verdict.findings.find((candidate) => candidate.check === check);
    expect(finding?.severity).toBe('failure');
    expect(finding?.rule.length).toBeGreaterThan(20);
  });

  it('reads the error type where a client reads it, in headers of any letter case', () => {
    const answer = { status: 400, headers: { 'X-Amzn-ErrorType': 'InvalidParameterException', 'Content-Type': 'application/x-amz-json-1.1' }, body: '{"Message":"bad"}' };
    expect(judgeAnswer(permissions, invalid, answer, context()).findings.filter((finding) => finding.severity === 'failure')).toEqual([]);
  });

  it('judges a case of the kit’s as the run does: a repeat of a delete must succeed again', () => {
    const delete_ = { body: { kind: 'input', input: { OrganizationId: demoIds.organizationId, EntityId: 'alice', GranteeId: 'sales' } } } as const;
    const typed = { status: 400, headers: json, body: '{"__type":"EntityNotFoundException","Message":"no permission"}' };
    expect(judgeAnswer(permissions, { ...delete_, phase: 'repeat' }, typed, context()).findings.map((finding) => finding.check)).toContain('idempotency');
    expect(judgeAnswer(permissions, delete_, typed, context()).findings.map((finding) => finding.check)).not.toContain('idempotency');
  });

  it('warns of a 5xx that asks to try again, as a run does of one it got once, and fails it where it comes each time (trialO #1)', () => {
    const internalFailure = { status: 500, headers: json, body: '{"__type":"InternalFailure","message":"boom"}' };
    const once = judgeAnswer(permissions, invalid, internalFailure, context());
    expect(once.allowed).toBe(true);
    expect(once.findings.map((finding) => `${finding.check} ${finding.severity}`)).toEqual(['noServerErrors warning']);
    const everyTime = judgeAnswer(permissions, invalid, { ...internalFailure, everyTime: true }, context());
    expect(everyTime.allowed).toBe(false);
    expect(everyTime.findings.map((finding) => `${finding.check} ${finding.severity}`)).toEqual(['noServerErrors failure']);
    expect(everyTime.findings[0]?.observed).toContain('again each time it was sent again (3)');
    // A 500 of a type of its own is a failure either way.
    expect(judgeAnswer(permissions, invalid, { ...internalFailure, body: '{"__type":"TypeError","message":"x"}' }, context()).allowed).toBe(false);
  });

  it('judges an answer that only asks to try again by its form alone, as a run does', () => {
    const throttled = { status: 400, headers: json, body: '{"__type":"ThrottlingException","Message":"Rate exceeded"}' };
    expect(judgeAnswer(permissions, invalid, throttled, context())).toMatchObject({ allowed: true, findings: [] });
  });

  it.each([
    [{ status: '400' }, "judgeAnswer: answer: status: expected a whole number from 100 to 599, got '400'"],
    [{ status: 400, headers: { 'content-type': 1 } }, 'judgeAnswer: answer: headers.content-type: expected a string, got 1'],
    [{ status: 400, text: '{}' }, 'judgeAnswer: answer'],
    [undefined, 'judgeAnswer: answer: expected an object ({ status, headers, body }), got undefined'],
    [{ status: 500, everyTime: 'yes' }, "judgeAnswer: answer: everyTime: expected true or false, got 'yes'"],
    [{ status: 400, headers: new Headers({ 'x-amzn-errortype': 'InvalidParameterException' }) }, 'judgeAnswer: answer: headers: expected a plain object of strings; for a fetch Response give Object.fromEntries(response.headers)'],
  ])('refuses %j with one line naming what is wrong', (answer, message) => {
    let thrown: unknown;
    try {
      judgeAnswer(permissions, invalid, answer as never, context());
    } catch (error) {
      thrown = error;
    }
    expect(isConfigError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain(message);
    expect((thrown as Error).message).not.toContain('\n');
  });

  it('names itself, not expectOutcomes, for a context that is wrong (trialO #6)', () => {
    expect(() => judgeAnswer(permissions, invalid, { status: 400 }, { state: undefined, profile: 'Documented' as never })).toThrow(
      "judgeAnswer: context: profile: expected 'documented' or 'aws', got 'Documented'",
    );
  });
});
