import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import type { ConformanceReport, Finding } from '../../src/report/conformance-report.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { renderConsoleReport } from '../../src/report/console-reporter.ts';
import { createGatedTarget } from '../../src/live/gated-target.ts';
import { createRequestGate } from '../../src/live/request-gate.ts';
import { transientErrorTypes } from '../../src/live/transient-errors.ts';
import { builtInCommonErrors } from '../../src/spec/built-in-specs.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import type { HttpRequestMessage } from '../../src/wire/http-message.ts';

/** What a misbehaving server does with one request whose body it has read. */
type Misbehaviour = (request: HttpRequestMessage, response: ServerResponse, socket: Socket) => void;

interface RawServer {
  readonly url: string;
  close(): Promise<void>;
}

/** A raw node:http server on 127.0.0.1 (port 0) that reads each body, then lets `misbehave` answer (or not). */
async function startRawServer(misbehave: Misbehaviour): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const server = createServer((raw: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(raw.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : (value ?? '');
      misbehave({ method: raw.method ?? '', path: raw.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8') }, response, raw.socket);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const mock = () => createWorkMailMock({ fixture: demoFixture });

/** Answers as the reference mock does. */
function answerAsMock(handle: ReturnType<typeof mock>['handle'], request: HttpRequestMessage, response: ServerResponse): void {
  const answer = handle(request);
  const body = Buffer.from(answer.body, 'utf8');
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  response.end(body);
}

const htmlPage = '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

interface Scenario {
  readonly name: string;
  readonly misbehave: () => Misbehaviour;
  /** The checks that must fail, each with a finding whose observed text matches `evidence`. */
  readonly intendedChecks: readonly string[];
  /** Checks that rightly fail too (an HTML 200 is also an invalid input accepted, and a state outcome missed). */
  readonly alsoFails?: readonly string[];
  readonly evidence: RegExp;
  /** Why the run stops early, for a server whose every answer judges nothing (one that serves no such path). */
  readonly stops?: RegExp;
}

const scenarios: readonly Scenario[] = [
  {
    name: 'resets the connection on requests naming the demo organization',
    misbehave: () => {
      const { handle } = mock();
      return (request, response, socket) => (request.body.includes(demoIds.organizationId) ? socket.destroy() : answerAsMock(handle, request, response));
    },
    intendedChecks: ['responseReceived'],
    evidence: /connection closed before any answer/,
  },
  {
    name: 'answers every request with an HTML page and status 200',
    misbehave: () => (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(htmlPage.replace('502 Bad Gateway', 'Welcome'));
    },
    intendedChecks: ['successResponse'],
    alsoFails: ['negativeDataRejection', 'stateConformance'],
    evidence: /^200, body <html>/m,
  },
  {
    name: 'answers every request with an HTML page and status 502',
    misbehave: () => (_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end(htmlPage);
    },
    intendedChecks: ['noServerErrors', 'errorResponseShape'],
    evidence: /^502, body <html>/m,
  },
  {
    // Express's answer where no route takes the request: a mock mounted at /api, pointed at as the host alone (trialM #4).
    name: 'answers every request with Express\'s 404 page for a path no route takes',
    misbehave: () => (_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot POST /</pre>\n</body>\n</html>\n');
    },
    intendedChecks: ['errorResponseShape'],
    alsoFails: ['negativeDataRejection', 'positiveDataAcceptance', 'statusCodeConformance', 'stateConformance', 'exceptionTypeConformance'],
    evidence: /^404, body <!DOCTYPE html>.*Cannot POST \/.* \(a 404 that is no awsJson error: does the server route POST \/ with X-Amz-Target to its handlers\?\)$/m,
    stops: /^the target answered 20 requests in a row with 404 and no error type, as a server answers a request for an operation or a path it does not serve/,
  },
  {
    // Python's `self.wfile.write(b"\n")` after a 200 (trialV #1): botocore reads it as empty, the JavaScript SDK throws.
    name: 'answers its successes with a body of a newline only',
    misbehave: () => {
      const { handle } = mock();
      return (request, response) => {
        const answer = handle(request);
        const body = answer.status === 200 && answer.body === '' ? '\n' : answer.body;
        response.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) });
        response.end(body);
      };
    },
    intendedChecks: ['successResponse'],
    evidence: /^200, a body of white space only \("\\n"\), which the AWS SDK for JavaScript fails to parse/m,
  },
  {
    // msw's `HttpResponse.json({ __type, message })` without `{ status: 400 }`: every AWS client reads the error as a success (trialQ #1).
    name: 'answers its errors with status 200, the error type in the body',
    misbehave: () => {
      const { handle } = mock();
      return (request, response) => {
        const answer = handle(request);
        response.writeHead(200, answer.headers);
        response.end(answer.body);
      };
    },
    intendedChecks: ['statusCodeConformance'],
    alsoFails: ['negativeDataRejection', 'successResponse', 'stateConformance', 'deleteEffect', 'stateSequence', 'idempotency'],
    evidence: /^200, body \{"__type":"\w+Exception".* \(an error under status 200, which every AWS client reads as a success: give the error its status\)$/m,
  },
  {
    name: 'sends a truncated body (content-length larger than what is sent), then ends',
    misbehave: () => (_request, _response, socket) => {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 200\r\n\r\n{"__type":"InvalidParameterException","Mess');
    },
    intendedChecks: ['responseReceived'],
    evidence: /after status 400 and 43 of 200 body bytes: .*InvalidParameterException/,
  },
  {
    name: 'closes the connection mid-response',
    misbehave: () => (_request, response, socket) => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'transfer-encoding': 'chunked' });
      response.write('{"partial":');
      setTimeout(() => socket.destroy(), 5);
    },
    intendedChecks: ['responseReceived'],
    evidence: /(interrupted|mid-response).* after status 200 and 11 body bytes: .*partial/,
  },
];

describe('a server that answers its errors with status 200 (trialQ #1)', () => {
  it('shows no reading of an open point, nor a success in the contract coverage, where its answer carried an error', async () => {
    const { handle } = mock();
    const server = await startRawServer((request, response) => {
      const answer = handle(request);
      response.writeHead(200, answer.headers);
      response.end(answer.body);
    });
    cleanups.push(() => server.close());
    const target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
    cleanups.push(() => target.close());

    const report = await runConformance({ target, fixture: demoFixture, seed: 41, numRuns: 10, timeoutMs: 1000 });

    // The disabled entity's EntityStateException, sent with 200, is neither reading of disabled-entity (success or the error).
    const disabled = report.openPointFindings.filter((finding) => finding.topic === 'disabled-entity');
    expect(disabled.length).toBeGreaterThan(0);
    for (const finding of disabled) {
      expect(finding.observed.map((observed) => observed.answer)).toEqual(['200 with the error EntityStateException in it']);
      expect(finding.readings).toBeUndefined();
    }
    // Nor is it that error or another reading in the contract coverage: the error's item says how it was answered.
    const coverage = report.contractCoverage.find((operation) => operation.operation === 'DeleteMailboxPermissions');
    const item = (name: string) => coverage?.items.find((candidate) => candidate.name === name);
    expect(item('EntityStateException')?.notExercised).toMatch(/^where a case could get it, the target answered with EntityStateException under status 200 \(\d+x\)(, with \w+ under status 200 \(\d+x\))*: see the failures$/);
  });
});

describe('a server whose successes declare a body they never send, until its keep-alive closes the connection (bugs3)', () => {
  it('stops the run after 5 such answers, as after 5 timeouts, rather than wait out each one', async () => {
    const { handle } = mock();
    const server = await startRawServer((request, response, socket) => {
      const answer = handle(request);
      if (answer.status !== 200) return answerAsMock(handle, request, response);
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n');
      // The server's keep-alive ends it, a little over a second on.
      setTimeout(() => socket.destroy(), 1200);
    });
    cleanups.push(() => server.close());
    const target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
    cleanups.push(() => target.close());
    const started = performance.now();

    const report = await runConformance({ target, fixture: demoFixture, seed: 41, numRuns: 50, timeoutMs: 5000 });

    expect(report.summary.incomplete).toBe('the target left 5 requests without a whole answer (none within 5000 ms, or one that stalled until the connection closed); the run stopped sending');
    expect(findingsOf(report, 'responseReceived')[0]?.observed).toMatch(/after status 200 and 0 of 2 body bytes/);
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 30_000);
});

describe('a server that serves no such operation or path (trialT #6: an --endpoint with a wrong path read as 4 broken rules)', () => {
  const cases = [
    { name: 'a mock that routes only /, reached at /api', answer: { status: 404, type: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: 'UnknownOperationException', message: 'no route' }) }, said: '404 UnknownOperationException' },
    { name: "Python http.server's page for a method it has no do_POST for", answer: { status: 501, type: 'text/html', body: '<html><body><h1>Error response</h1><p>Error code: 501</p></body></html>' }, said: '501 and no error type' },
  ];
  for (const { name, answer, said } of cases) {
    it(`stops after 20 such answers in a row and says to check the endpoint: ${name}`, async () => {
      const server = await startRawServer((_request, response) => {
        response.writeHead(answer.status, { 'content-type': answer.type });
        response.end(answer.body);
      });
      cleanups.push(() => server.close());
      const target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
      cleanups.push(() => target.close());

      const report = await runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 20, stateSequences: 0 });

      expect(report.summary.incomplete).toBe(
        `the target answered 20 requests in a row with ${said}, as a server answers a request for an operation or a path it does not serve, which judges nothing of the contract; the run stopped sending: ` +
          "is the endpoint the server's (scheme, host, port and path), does it route POST / with X-Amz-Target: WorkMailService.<operation> to its handlers, and does it serve every operation checked (--operation names those it does)?",
      );
    });
  }

  it('goes on where a mock answers an untyped JSON 404 for what it does not hold (a shape the checks judge), or serves one operation among others', async () => {
    const { handle } = mock();
    const server = await startRawServer((request, response) => {
      const answer = handle(request);
      if (answer.body.includes('NotFoundException')) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'not found' }));
        return;
      }
      answerAsMock(handle, request, response);
    });
    cleanups.push(() => server.close());
    const target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
    cleanups.push(() => target.close());

    const report = await runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 20, stateSequences: 0 });

    expect(report.summary.incomplete).toBeUndefined();
    expect(failedCount(report, 'errorResponseShape')).toBeGreaterThan(0);
  });
});

describe('a server that never answers (trialT #1: a hanging mock held a CI job for 7 timeouts)', () => {
  it('reads what it holds once, stops after 5 timeouts of cases, and sends nothing after: no read again, no stateful phase', async () => {
    const arrived: { target: string; body: string }[] = [];
    const server = await startRawServer((request) => {
      arrived.push({ target: request.headers['x-amz-target'] ?? '', body: request.body });
    });
    cleanups.push(() => server.close());
    const target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
    cleanups.push(() => target.close());

    const report = await runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 20, timeoutMs: 300 });

    expect(report.summary.incomplete).toBe('the target left 5 requests without a whole answer (none within 300 ms, or one that stalled until the connection closed); the run stopped sending');
    const lists = arrived.filter((request) => request.target.includes('.List'));
    const firstDelete = arrived.findIndex((request) => request.target.includes('.Delete'));
    // Each part of what the fixture holds is read once at the start, and nothing is read after the first case.
    expect(new Set(lists.map((request) => `${request.target} ${request.body}`)).size).toBe(lists.length);
    expect(arrived.slice(firstDelete).every((request) => request.target.includes('.Delete'))).toBe(true);
    const stateSequence = report.operations.flatMap((operation) => operation.checks).filter((tally) => tally.name === 'stateSequence');
    expect(stateSequence.map((tally) => tally.notChecked)).toEqual(Array(2).fill(`the stateful phase did not start: ${report.summary.incomplete}`));
  }, 30_000);
});

function failedCount(report: ConformanceReport, check: string): number {
  return report.operations.flatMap((operation) => operation.checks).filter((tally) => tally.name === check).reduce((total, tally) => total + tally.failed, 0);
}

function findingsOf(report: ConformanceReport, check: string): Finding[] {
  return report.failures.filter((finding) => finding.check === check);
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a server that misbehaves on the wire gets failures that show the evidence, and the run ends', () => {
  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const server = await startRawServer(scenario.misbehave());
    cleanups.push(() => server.close());
    const target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
    cleanups.push(() => target.close());

    const report = await runConformance({ target, fixture: demoFixture, seed: 41, numRuns: 10, timeoutMs: 1000 });

    expect(report.summary.conformant).toBe(false);
    if (scenario.stops === undefined) expect(report.summary.incomplete).toBeUndefined();
    else expect(report.summary.incomplete).toMatch(scenario.stops);
    for (const check of scenario.intendedChecks) {
      expect(failedCount(report, check), check).toBeGreaterThan(0);
      const findings = findingsOf(report, check);
      expect(findings.length, check).toBeGreaterThan(0);
      expect(findings.map((finding) => finding.observed).join('\n'), check).toMatch(scenario.evidence);
    }
    const allowed = [...scenario.intendedChecks, ...(scenario.alsoFails ?? [])];
    const failed = report.operations.flatMap((operation) => operation.checks).filter((tally) => tally.failed > 0).map((tally) => tally.name);
    expect(failed.filter((check) => !allowed.includes(check))).toEqual([]);
  });
});

describe('a server whose List stops answering once deletes start (trialX #2: a run held for 14 minutes by reads that timed out)', () => {
  it('stops after 5 requests without a whole answer, reads among them, rather than wait out three reads after each case', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    let deleted = false;
    const target = createHandlerTarget((request) => {
      const operation = request.headers['x-amz-target'] ?? '';
      if (operation.includes('.Delete')) deleted = true;
      if (deleted && operation.includes('.List')) return new Promise(() => undefined);
      return mock.handle(request);
    });

    const report = await runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 20, timeoutMs: 200 });

    expect(report.summary.incomplete).toBe('the target left 5 requests without a whole answer (none within 200 ms, or one that stalled until the connection closed); the run stopped sending');
  }, 30_000);
});

describe('a server that answers one request at a time and closes connections left waiting, as the JDK\'s HttpServer with a short idleInterval does (trialY #1)', () => {
  /** Answers the requests in arrival order, one every `answerMs`; a connection whose request waited `closeAfterMs` unanswered is closed. */
  async function startOneAtATime(answerMs: number, closeAfterMs: number): Promise<RawServer> {
    const { handle } = mock();
    const queue: { request: HttpRequestMessage; response: ServerResponse; socket: Socket; arrived: number }[] = [];
    let busy = false;
    const next = () => {
      const waiting = queue.shift();
      if (waiting === undefined) return void (busy = false);
      busy = true;
      // The server's idle timer took a connection whose request it had not started on for an idle one, and closed it.
      if (performance.now() - waiting.arrived > closeAfterMs) {
        waiting.socket.destroy();
        return next();
      }
      setTimeout(() => {
        answerAsMock(handle, waiting.request, waiting.response);
        next();
      }, answerMs);
    };
    return startRawServer((request, response, socket) => {
      queue.push({ request, response, socket, arrived: performance.now() });
      if (!busy) next();
    });
  }

  it('fails responseReceived with what takes it away (retries, or one request at a time), and is conformant sent one at a time', async () => {
    const server = await startOneAtATime(3, 15);
    cleanups.push(() => server.close());
    const target = () => {
      const created = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
      cleanups.push(() => created.close());
      return created;
    };

    const concurrent = await runConformance({ target: target(), fixture: demoFixture, seed: 5, numRuns: 10, stateSequences: 0, concurrency: 8, operations: ['DeletePersonalAccessToken'] });
    const dropped = concurrent.failures.filter((finding) => finding.check === 'responseReceived');
    expect(dropped.length).toBeGreaterThan(0);
    for (const finding of dropped) expect(finding.observed).toMatch(/connection closed before any answer.*a client sends the request again: try --retries 2, or one request at a time \(--concurrency 1, concurrency in code\)$/);

    const oneAtATime = await runConformance({ target: target(), fixture: demoFixture, seed: 5, numRuns: 10, stateSequences: 0, concurrency: 1, operations: ['DeletePersonalAccessToken'] });
    expect(oneAtATime.failures).toEqual([]);
  });

  it('is conformant with retries, and the report says how often a case\'s request was sent again, and after what (trialY #2)', async () => {
    const server = await startOneAtATime(3, 15);
    cleanups.push(() => server.close());
    const wire = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } });
    cleanups.push(() => wire.close());
    // What `run --retries 3` sends through.
    const target = createGatedTarget(wire, createRequestGate({ maxPerSecond: undefined, maxRequests: undefined, retries: 3 }), transientErrorTypes(builtInCommonErrors()));

    const report = await runConformance({ target, fixture: demoFixture, seed: 5, numRuns: 10, stateSequences: 0, concurrency: 8, operations: ['DeletePersonalAccessToken'] });

    expect(report.failures).toEqual([]);
    const sentAgain = report.sentAgain ?? [];
    expect(sentAgain.length).toBeGreaterThan(0);
    for (const entry of sentAgain) expect(entry).toMatchObject({ operation: 'DeletePersonalAccessToken', after: expect.stringMatching(/^(ECONNRESET|UND_ERR_SOCKET|EPIPE)$/) });
    const times = sentAgain.reduce((total, entry) => total + entry.count, 0);
    expect(renderConsoleReport(report)).toContain(`Sent again: ${times} time(s), a case's request after a connection closed before any answer or an answer that only asked to try again (DeletePersonalAccessToken after `);
  });
});
