import { DeleteMailboxPermissionsCommand, DeletePersonalAccessTokenCommand, InvalidParameterException, WorkMailClient } from '@aws-sdk/client-workmail';
import { mockClient } from 'aws-sdk-client-mock';
import { describeObservation } from '../../src/observation/describe-observation.ts';
import { describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { renderConsoleReport } from '../../src/report/console-reporter.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createSdkTarget } from '../../src/target/sdk-target.ts';
import { carefulMockedClient, carefulMockFixture, naiveMockedClient } from './sdk-mocks.ts';
import { mailboxPermissionsInput, targetRequest } from './target-fixtures.ts';

function failedChecks(report: ConformanceReport): string[] {
  return [...new Set(report.failures.map((finding) => finding.check))].sort();
}

describe('a client mocked with aws-sdk-client-mock is judged whatever the mock resolves or throws', () => {
  it('reports a naive .resolves({}) mock nonconformant by negativeDataRejection, never as crashes', async () => {
    const report = await runConformance({ target: createSdkTarget({ client: naiveMockedClient() }), fixture: carefulMockFixture, seed: 3, numRuns: 20 });

    expect(report.summary.conformant).toBe(false);
    expect(failedChecks(report)).toContain('negativeDataRejection');
    expect(report.failures.map((finding) => finding.observed).join('\n')).not.toContain('TARGET_THREW');
    expect(report.failures.find((finding) => finding.check === 'negativeDataRejection')?.observed).toContain('status not observed');
  });

  it('finds a careful mock that throws modeled exceptions the ordinary way conformant, and says which statuses it inferred', async () => {
    const report = await runConformance({ target: createSdkTarget({ client: carefulMockedClient() }), fixture: carefulMockFixture, seed: 4, numRuns: 30 });

    expect(report.failures.map((finding) => `${finding.check}: ${finding.description}: ${finding.observed}`)).toEqual([]);
    expect(report.summary.conformant).toBe(true);
    const inferred = (report.inferredStatuses ?? []).map((entry) => `${entry.answer}: ${entry.how}`);
    expect(inferred).toContain('400 InvalidParameterException: 400 inferred from the model: InvalidParameterException is a client error, thrown without $metadata.httpStatusCode');
    expect(inferred).toContain('200 success: not observed: the client resolved without $metadata.httpStatusCode, read as a success');
    expect(renderConsoleReport(report)).toContain('Statuses not seen on the wire');
  });
});

describe('a command the mock does not answer', () => {
  it('is said to have resolved undefined, a command the mock may have no answer for, apart from a .resolves({})', async () => {
    const client = new WorkMailClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDX', secretAccessKey: 'x' } });
    // Only one of the two operations mocked, as a unit-test author does for the one their code calls.
    mockClient(client).on(DeletePersonalAccessTokenCommand).resolves({});

    const report = await runConformance({ target: createSdkTarget({ client }), fixture: carefulMockFixture, seed: 3, numRuns: 5 });

    const inferred = (report.inferredStatuses ?? []).map((entry) => `${entry.answer}: ${entry.how}`);
    expect(inferred).toContain('200 success: not observed: the client resolved undefined (a command the mock has no answer for?), read as a success');
    expect(inferred).toContain('200 success: not observed: the client resolved without $metadata.httpStatusCode, read as a success');
  });
});

describe('a status the mock sets is judged', () => {
  it('fails statusCodeConformance for a modeled exception thrown with $metadata.httpStatusCode 422', async () => {
    const client = new WorkMailClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDX', secretAccessKey: 'x' } });
    const invalid = () => new InvalidParameterException({ message: 'bad', $metadata: { httpStatusCode: 422 } });
    mockClient(client).on(DeletePersonalAccessTokenCommand).rejects(invalid()).on(DeleteMailboxPermissionsCommand).rejects(invalid());

    const report = await runConformance({ target: createSdkTarget({ client }), fixture: carefulMockFixture, seed: 5, numRuns: 10 });

    expect(failedChecks(report)).toContain('statusCodeConformance');
    expect(report.inferredStatuses).toBeUndefined();
  });
});

describe('each thrown or resolved form becomes the observation it stands for', () => {
  const request = targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput);

  function mocked(configure: (mock: ReturnType<typeof mockClient>) => void) {
    const client = new WorkMailClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDX', secretAccessKey: 'x' } });
    configure(mockClient(client) as unknown as ReturnType<typeof mockClient>);
    return createSdkTarget({ client });
  }

  it('reads a modeled exception without $metadata.httpStatusCode by its class, with the status from the model', async () => {
    const target = mocked((mock) => mock.on(DeleteMailboxPermissionsCommand).rejects(new InvalidParameterException({ message: 'bad', $metadata: {} })));

    const observation = await target.send(request, { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'response', status: 400, errorType: 'InvalidParameterException', message: 'bad' });
    expect(observation.kind === 'response' ? observation.statusInferred : undefined).toMatch(/^400 inferred from the model/);
  });

  it('reads a plain Error named after a modeled exception by that name, and says it is not an instance', async () => {
    const target = mocked((mock) => mock.on(DeleteMailboxPermissionsCommand).rejects(Object.assign(new Error('gone'), { name: 'EntityNotFoundException' })));

    const observation = await target.send(request, { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'response', status: 400, errorType: 'EntityNotFoundException' });
    expect(observation.kind === 'response' ? observation.statusInferred : undefined).toContain('not an instance of its class');
  });

  it("reads a plain Error named after one of AWS's common or protocol errors by that name, with the status AWS lists", async () => {
    const validation = mocked((mock) => mock.on(DeleteMailboxPermissionsCommand).rejects(Object.assign(new Error('1 validation error detected'), { name: 'ValidationException', $metadata: {} })));
    const unavailable = mocked((mock) => mock.on(DeleteMailboxPermissionsCommand).rejects(Object.assign(new Error('try later'), { name: 'ServiceUnavailable' })));

    const observation = await validation.send(request, { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'response', status: 400, errorType: 'ValidationException', message: '1 validation error detected' });
    expect(observation.kind === 'response' ? observation.statusInferred : undefined).toMatch(/^400 inferred from AWS's common errors/);
    expect(await unavailable.send(request, { timeoutMs: 1000 })).toMatchObject({ kind: 'response', status: 503, errorType: 'ServiceUnavailable' });
  });

  it("reports anything else the mock throws as the mock's own bug, not a network error", async () => {
    const target = mocked((mock) => mock.on(DeleteMailboxPermissionsCommand).rejects('boom'));

    const observation = await target.send(request, { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'networkError', code: 'MOCK_THREW' });
    expect(observation.kind === 'networkError' ? observation.message : '').toContain('a bug of the mock, not of the network');
    // Why comes first: a report cuts a long message, and a thrown error's text may be long (trialE #6).
    const long = mocked((mock) => mock.on(DeleteMailboxPermissionsCommand).rejects(new TypeError(`Cannot read properties of undefined (reading '${'x'.repeat(300)}')`)));
    expect(describeObservation(await long.send(request, { timeoutMs: 1000 }))).toMatch(/^the target threw \(MOCK_THREW\): a bug of the mock, not of the network: the client threw neither a modeled WorkMail exception nor a network failure, but/);
  });

  it("says how to throw the exception where the mock's Error names it in its message, as rejects('EntityNotFoundException') makes one (trialQ #2)", async () => {
    const byString = mocked((mock) => mock.on(DeleteMailboxPermissionsCommand).rejects('OrganizationNotFoundException'));
    const withText = mocked((mock) => mock.on(DeleteMailboxPermissionsCommand).rejects(new Error('ValidationException: 1 validation error detected')));

    const observed = describeObservation(await byString.send(request, { timeoutMs: 1000 }));

    // Whole: a report keeps 160 characters of a message, and the longest exception name fits.
    expect(observed).toBe("the target threw (MOCK_THREW): an Error whose message, not name, is OrganizationNotFoundException: reject with new OrganizationNotFoundException({ message: '…', $metadata: {} })");
    expect(describeObservation(await withText.send(request, { timeoutMs: 1000 }))).toBe(
      "the target threw (MOCK_THREW): an Error whose message, not name, is ValidationException: give it that name (Object.assign(new Error(message), { name: 'ValidationException' }))",
    );
  });

  it('keeps a status the mock did set', async () => {
    const target = mocked((mock) => mock.on(DeletePersonalAccessTokenCommand).resolves({ $metadata: { httpStatusCode: 200 } }));

    const observation = await target.send(targetRequest('DeletePersonalAccessToken', { OrganizationId: mailboxPermissionsInput.OrganizationId, PersonalAccessTokenId: 't' }), { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'response', status: 200 });
    expect(observation.kind === 'response' ? observation.statusInferred : 'x').toBeUndefined();
  });
});
