import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { http, HttpResponse, passthrough } from 'msw';
import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { workMailHandlers } from '../../src/mock/msw-handlers.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { describeObservation } from '../../src/observation/describe-observation.ts';
import type { Observation } from '../../src/observation/observation.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import { createMswTarget } from '../../src/target/msw-target.ts';
import { encodeAwsJsonError, encodeAwsJsonSuccess } from '../../src/wire/aws-json.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../src/wire/http-message.ts';
import { answerWith, useLoopback } from './loopback-server.ts';
import { mailboxPermissionsInput, targetRequest, testCredentials } from './target-fixtures.ts';

function tinyWorkMail(request: HttpRequestMessage): HttpResponseMessage {
  let input: unknown;
  try {
    input = JSON.parse(request.body);
  } catch {
    return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'SerializationException:http://internal.amazon.com/coral/x/' }, body: '{"message":"bad json"}' };
  }
  const entityId = (input as { EntityId?: unknown }).EntityId;
  if (entityId === 'missing@example.com') return encodeAwsJsonError('com.amazonaws.workmail#EntityNotFoundException', 400, `No entity ${entityId}`);
  return encodeAwsJsonSuccess();
}

const mswHandlers = [
  http.post('*', async ({ request }) => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const answer = tinyWorkMail({ method: request.method, path: new URL(request.url).pathname, headers, body: await request.text() });
    return new HttpResponse(answer.body === '' ? null : answer.body, { status: answer.status, headers: answer.headers });
  }),
];

const cases = [
  ['a valid input', targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput)],
  ['an unknown entity', targetRequest('DeleteMailboxPermissions', { ...mailboxPermissionsInput, EntityId: 'missing@example.com' })],
  ['malformed JSON', targetRequest('DeleteMailboxPermissions', '{"EntityId": ')],
] as const;

function comparable(observation: Observation) {
  if (observation.kind !== 'response') return observation;
  const { latencyMs: _latency, headers, ...rest } = observation;
  return { ...rest, contentType: headers['content-type'], errorTypeHeader: headers['x-amzn-errortype'] };
}

const loopback = useLoopback();

describe('the in-process targets observe the same as the wire transport for the same server logic', () => {
  for (const [name, request] of cases) {
    it(`gives one observation for ${name} through a server, a handle function and msw handlers`, async () => {
      const server = await loopback.start(answerWith(tinyWorkMail));
      const wire = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials });
      const handler = createHandlerTarget(tinyWorkMail);
      const msw = createMswTarget(mswHandlers);
      loopback.track(wire, handler, msw);

      const fromWire = comparable(await wire.send(request, { timeoutMs: 5000 }));
      const fromHandler = comparable(await handler.send(request, { timeoutMs: 5000 }));
      const fromMsw = comparable(await msw.send(request, { timeoutMs: 5000 }));

      expect(fromWire.kind).toBe('response');
      expect(fromHandler).toEqual(fromWire);
      expect(fromMsw).toEqual(fromWire);
    });
  }
});

describe('the handler target', () => {
  it('gives a networkError HANDLER_THREW with the message when the handle throws', async () => {
    const target = createHandlerTarget(() => {
      throw new RangeError('state exploded');
    });

    const observation = await target.send(cases[0][1], { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'networkError', code: 'HANDLER_THREW', message: 'RangeError: state exploded' });
  });

  it('gives a networkError HANDLER_THREW when an async handle rejects', async () => {
    const target = createHandlerTarget(() => Promise.reject(new Error('later')));

    const observation = await target.send(cases[0][1], { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'networkError', code: 'HANDLER_THREW', message: 'Error: later' });
  });

  it.each([
    ['nothing (a handle that forgot to return)', () => undefined, 'the handler answered undefined, not a response { status, headers, body }'],
    ['a status as text', () => Promise.resolve({ status: '200', headers: {}, body: '{}' }), 'the handler answered a response without a numeric status'],
    ['no headers', () => ({ status: 200, body: '{}' }), 'the handler answered a response without a headers object'],
    ['a body as an object', () => Promise.resolve({ status: 200, headers: {}, body: {} }), 'the handler answered a response whose body is not a string'],
  ])('gives a networkError HANDLER_MALFORMED_ANSWER saying what is wrong when the handle answers %s', async (_, handle, message) => {
    const target = createHandlerTarget(handle as never);

    const observation = await target.send(cases[0][1], { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'networkError', code: 'HANDLER_MALFORMED_ANSWER', message });
  });

  it('gives a timeout observation when an async handle never settles', async () => {
    const target = createHandlerTarget(() => new Promise<HttpResponseMessage>(() => undefined));

    const observation = await target.send(cases[0][1], { timeoutMs: 50 });

    expect(observation).toMatchObject({ kind: 'timeout', timeoutMs: 50 });
  });

  it('describes itself with the given description', () => {
    expect(createHandlerTarget(tinyWorkMail, 'reference mock').description).toBe('reference mock');
  });
});

describe('the msw target', () => {
  const noAnswer =
    'no msw handler answered POST https://workmail.us-east-1.amazonaws.com/: none matches the URL (createMswTarget(handlers, { endpoint })), or one returned nothing';

  it('gives a networkError NO_MSW_HANDLER when no handler matches', async () => {
    const target = createMswTarget([http.get('*', () => new HttpResponse(null, { status: 200 }))]);

    const observation = await target.send(cases[0][1], { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'networkError', code: 'NO_MSW_HANDLER', message: noAnswer });
    expect(describeObservation(observation)).toBe(`network error NO_MSW_HANDLER: ${noAnswer}`);
  });

  it('says the same where the handler that matches returns nothing (a resolver that forgot to return), which msw does not tell apart', async () => {
    const target = createMswTarget([http.post('*', () => undefined)]);

    const observation = await target.send(cases[0][1], { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'networkError', code: 'NO_MSW_HANDLER', message: noAnswer });
  });

  it("names msw's passthrough() as such, not as the 302 msw marks it with: this target sends nothing to the network", async () => {
    const target = createMswTarget([http.post('*', () => passthrough())]);

    const observation = await target.send(cases[0][1], { timeoutMs: 1000 });

    expect(observation).toMatchObject({
      kind: 'networkError',
      code: 'MSW_PASSTHROUGH',
      message: `the msw handler passed ${cases[0][1].request.headers['x-amz-target']} through (passthrough()), and createMswTarget sends nothing to the network: answer it in the handlers`,
    });
  });

  it('addresses requests to the given endpoint, so handlers can match on it', async () => {
    const target = createMswTarget([http.post('http://127.0.0.1:4566/', () => new HttpResponse(null, { status: 200 }))], { endpoint: 'http://127.0.0.1:4566' });

    const observation = await target.send(cases[0][1], { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'response', status: 200 });
  });

  it('gives a networkError HANDLER_THREW when a handler throws', async () => {
    const target = createMswTarget([
      http.post('*', () => {
        throw new Error('resolver broke');
      }),
    ]);

    const observation = await target.send(cases[0][1], { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'networkError', code: 'HANDLER_THREW' });
  });

  it('gives a networkError NETWORK_ERROR for HttpResponse.error()', async () => {
    const target = createMswTarget([http.post('*', () => HttpResponse.error())]);

    const observation = await target.send(cases[0][1], { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'networkError', code: 'NETWORK_ERROR' });
  });

  it('gives a timeout observation when a handler never answers', async () => {
    const target = createMswTarget([http.post('*', () => new Promise<Response>(() => undefined))]);

    const observation = await target.send(cases[0][1], { timeoutMs: 50 });

    expect(observation).toMatchObject({ kind: 'timeout', timeoutMs: 50 });
  });
});

describe('the msw target signs as an SDK client does', () => {
  /** The headers and body of the requests handlers receive, in order. */
  const receiving = () => {
    const received: { url: string; headers: Record<string, string>; body: string }[] = [];
    const handler = http.post('*', async ({ request }) => {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      received.push({ url: request.url, headers, body: await request.text() });
      return new HttpResponse(null, { status: 200 });
    });
    return { received, handler };
  };

  it("sends host, content-length and SigV4's headers, signed as the AWS SDK's SignatureV4 signs the same request", async () => {
    const { received, handler } = receiving();
    await createMswTarget([handler]).send(cases[0][1], { timeoutMs: 1000 });

    const [request] = received;
    expect(request?.headers).toMatchObject({
      host: 'workmail.us-east-1.amazonaws.com',
      'content-length': String(Buffer.byteLength(request?.body ?? '')),
      'x-amz-target': 'WorkMailService.DeleteMailboxPermissions',
      authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=AKIDWORKMAILCONFORMANCE\/\d{8}\/us-east-1\/workmail\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/),
    });
    const { authorization, ...unsigned } = request?.headers ?? {};
    const date = unsigned['x-amz-date'] ?? '';
    const signingDate = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
    const sdk = new SignatureV4({ service: 'workmail', region: 'us-east-1', credentials: { accessKeyId: 'AKIDWORKMAILCONFORMANCE', secretAccessKey: 'workmail-conformance-dummy-secret' }, sha256: Sha256 });
    const bySdk = await sdk.sign(new HttpRequest({ method: 'POST', path: '/', headers: unsigned, body: request?.body }), { signingDate });
    expect(authorization).toBe(bySdk.headers['authorization']);
  });

  it("signs for the endpoint's region, or the region and credentials given", async () => {
    const inEurope = receiving();
    await createMswTarget([inEurope.handler], { endpoint: 'https://workmail.eu-west-1.amazonaws.com' }).send(cases[0][1], { timeoutMs: 1000 });
    expect(inEurope.received[0]?.headers['authorization']).toMatch(/Credential=AKIDWORKMAILCONFORMANCE\/\d{8}\/eu-west-1\/workmail\//);

    const given = receiving();
    await createMswTarget([given.handler], { endpoint: 'http://127.0.0.1:4566', region: 'ap-southeast-2', credentials: testCredentials }).send(cases[0][1], { timeoutMs: 1000 });
    expect(given.received[0]?.headers['host']).toBe('127.0.0.1:4566');
    expect(given.received[0]?.headers['authorization']).toMatch(new RegExp(`Credential=${testCredentials.accessKeyId}/\\d{8}/ap-southeast-2/workmail/`));
  });

  it('signs with the credentials a provider gives, as the SDK takes them', async () => {
    const given = receiving();
    await createMswTarget([given.handler], { credentials: () => Promise.resolve(testCredentials) }).send(cases[0][1], { timeoutMs: 1000 });
    expect(given.received[0]?.headers['authorization']).toContain(`Credential=${testCredentials.accessKeyId}/`);
  });

  it("ends the run with the provider's fault, not the handlers': a provider that throws, gives no secret, or answers at once", async () => {
    const handlers = () => workMailHandlers(createWorkMailMock({ fixture: demoFixture }));
    const run = (credentials: Parameters<typeof createMswTarget>[1] extends infer O ? (O extends { credentials?: infer C } ? C : never) : never) =>
      runConformance({ target: createMswTarget(handlers(), { credentials }), fixture: demoFixture, seed: 5, numRuns: 5 });

    await expect(run(() => Promise.reject(new Error('SSO session expired\nmore')))).rejects.toThrow(/^credentials: the credential provider failed: SSO session expired$/);
    await expect(run(() => Promise.resolve({ accessKeyId: 'AKIDTEAMKEY' } as never))).rejects.toThrow(/^credentials: the resolved credential object is not valid/);
    // A provider that gives its credentials at once, not through a promise, signs as any other.
    const atOnce = await run((() => testCredentials) as never);
    expect(atOnce.failures).toEqual([]);
  });

  it('refuses credentials that are not two strings in one line that shows no value', () => {
    expect(() => createMswTarget([], { credentials: 'AKIAXXXXsecretsecret' as never })).toThrow(
      /^createMswTarget: credentials: expected \{ accessKeyId, secretAccessKey \} \(non-empty strings\) or a provider of them, got a string$/,
    );
    expect(() => createMswTarget([], { credentials: { accessKeyId: 'AKID', secretAccessKey: '' } })).toThrow(/got an object without them$/);
  });

  it('stops, saying to give the credentials it accepts, where handlers check signatures by a key of their own that the run was not given', async () => {
    // The team's handlers accept only their own key, as a service with IAM would.
    const teamKeyOnly = http.post('*', ({ request }) =>
      request.headers.get('authorization')?.includes('Credential=AKIDTEAMKEY/') === true
        ? undefined
        : HttpResponse.json({ __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }, { status: 403 }),
    );
    const handlers = () => [teamKeyOnly, ...workMailHandlers(createWorkMailMock({ fixture: demoFixture }))];

    const forgotten = await runConformance({ target: createMswTarget(handlers()), fixture: demoFixture, seed: 5, numRuns: 20 });
    const given = await runConformance({ target: createMswTarget(handlers(), { credentials: { accessKeyId: 'AKIDTEAMKEY', secretAccessKey: 'team-secret' } }), fixture: demoFixture, seed: 5, numRuns: 20 });

    expect(forgotten.summary.incomplete).toMatch(/^the target refused 2\d requests in a row for their signature or credentials \(403 UnrecognizedClientException\), which judges nothing of the contract; the run stopped sending: give the credentials and region it accepts/);
    expect(forgotten.summary.cases).toBeLessThan(60);
    expect(given.summary.incomplete).toBeUndefined();
    expect(given.failures).toEqual([]);
  });

  it('leaves handlers that refuse an unsigned request, as the service does, conformant', async () => {
    // A line many teams add, to notice a client built without credentials.
    const requireSigV4 = http.post('*', ({ request }) => {
      if (request.headers.get('authorization')?.startsWith('AWS4-HMAC-SHA256 Credential=') === true && request.headers.get('x-amz-date') !== null) return undefined;
      return HttpResponse.json({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }, { status: 403 });
    });
    const mock = createWorkMailMock({ fixture: demoFixture });

    const report = await runConformance({ target: createMswTarget([requireSigV4, ...workMailHandlers(mock)]), fixture: demoFixture, seed: 5, numRuns: 20 });

    expect(report.failures.map((finding) => `${finding.check}: ${finding.observed}`)).toEqual([]);
    expect(report.summary.cases).toBeGreaterThan(500);
  });
});
