import { afterEach, describe, expect, it } from 'vitest';
import { createWorkMailMock, type WorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { startMockServer, type MockServer } from '../../src/mock/start-mock-server.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import type { Target } from '../../src/target/target.ts';
import type { HttpResponseMessage } from '../../src/wire/http-message.ts';

const json = 'application/x-amz-json-1.1';
const coralSuffix = ':http://internal.amazon.com/coral/com.amazonaws.workmail/';

interface Encoding {
  readonly name: string;
  /** Whether botocore decodes the re-encoded error differently, so clientCompatibility warns (never fails). */
  readonly botocoreWarns: boolean;
  reencode(response: HttpResponseMessage): HttpResponseMessage;
}

/** The type and message of a reference-mock error (`{"__type", "Message"}`). */
function errorParts(response: HttpResponseMessage): { type: string; message: string } {
  const body = JSON.parse(response.body) as { __type: string; Message: string };
  return { type: body.__type, message: body.Message };
}

function reencodeErrors(encode: (type: string, message: string) => { headers?: Record<string, string>; body: unknown }): (response: HttpResponseMessage) => HttpResponseMessage {
  return (response) => {
    if (response.status < 400) return response;
    const { type, message } = errorParts(response);
    const encoded = encode(type, message);
    return { status: response.status, headers: { 'content-type': json, ...encoded.headers }, body: JSON.stringify(encoded.body) };
  };
}

const encodings: readonly Encoding[] = [
  {
    name: 'a namespaced __type',
    botocoreWarns: false,
    reencode: reencodeErrors((type, message) => ({ body: { __type: `com.amazonaws.workmail#${type}`, Message: message } })),
  },
  {
    name: 'the type only in X-Amzn-ErrorType with a :uri suffix',
    botocoreWarns: true,
    reencode: reencodeErrors((type, message) => ({ headers: { 'x-amzn-errortype': `${type}${coralSuffix}` }, body: { message } })),
  },
  {
    name: 'code instead of __type',
    botocoreWarns: true,
    reencode: reencodeErrors((type, message) => ({ body: { code: type, Message: message } })),
  },
  {
    name: 'a lower-case message',
    botocoreWarns: false,
    reencode: reencodeErrors((type, message) => ({ body: { __type: type, message } })),
  },
  {
    name: '{} as the success body',
    botocoreWarns: false,
    reencode: (response) => (response.status === 200 && response.body === '' ? { ...response, body: '{}' } : response),
  },
];

/** The reference mock with every answer re-encoded. */
function reencodedMock(encoding: Encoding): WorkMailMock {
  const mock = createWorkMailMock({ fixture: demoFixture });
  return {
    handle: (request) => encoding.reencode(mock.handle(request)),
    get state() {
      return mock.state;
    },
    readings: mock.readings,
    reset: () => mock.reset(),
  };
}

function failureLines(report: ConformanceReport): string[] {
  return report.failures.map((finding) => `${finding.operation} ${finding.check}: ${finding.description}: expected ${finding.expected}, observed ${finding.observed}`);
}

function tallyOf(report: ConformanceReport, check: string): { failed: number; warned: number } {
  const tallies = report.operations.flatMap((operation) => operation.checks).filter((tally) => tally.name === check);
  return { failed: tallies.reduce((total, tally) => total + tally.failed, 0), warned: tallies.reduce((total, tally) => total + tally.warned, 0) };
}

function expectZeroFailures(report: ConformanceReport, encoding: Encoding): void {
  expect(failureLines(report)).toEqual([]);
  expect(report.summary.failedChecks).toBe(0);
  expect(report.summary.conformant).toBe(true);
  const compatibility = tallyOf(report, 'clientCompatibility');
  expect(compatibility.failed).toBe(0);
  if (encoding.botocoreWarns) {
    expect(compatibility.warned).toBeGreaterThan(0);
    expect(report.warnings.length).toBeGreaterThan(0);
    expect(new Set(report.warnings.map((warning) => warning.check))).toEqual(new Set(['clientCompatibility']));
  } else {
    expect(report.warnings).toEqual([]);
  }
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('every error encoding awsJson1_1 allows gives zero failures', () => {
  it.each(encodings.map((encoding) => [encoding.name, encoding] as const))('in process: %s', async (_name, encoding) => {
    const mock = reencodedMock(encoding);

    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 31 });

    expectZeroFailures(report, encoding);
  });

  it.each(encodings.map((encoding) => [encoding.name, encoding] as const))('over loopback HTTP: %s', async (_name, encoding) => {
    const server: MockServer = await startMockServer({ mock: reencodedMock(encoding), port: 0 });
    cleanups.push(() => server.close());
    const target: Target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
    cleanups.push(() => target.close());

    const report = await runConformance({ target, fixture: demoFixture, seed: 32, numRuns: 30 });

    expectZeroFailures(report, encoding);
  });
});

describe('the re-encodings are what they claim', () => {
  it('really changes the answers the runner sees (so the zero-failure results are not vacuous)', async () => {
    const seen: string[] = [];
    const mock = reencodedMock(encodings[1] as Encoding);

    await runConformance({
      target: createHandlerTarget(mock.handle),
      fixture: demoFixture,
      seed: 33,
      numRuns: 5,
      onEvent: (event) => {
        if (event.type === 'exchange' && event.exchange.observation.kind === 'response' && event.exchange.observation.status >= 400) {
          seen.push(event.exchange.observation.errorTypeSource ?? 'none');
        }
      },
    });

    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['header']));
  });
});
