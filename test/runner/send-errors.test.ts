import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config-error.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { runConformance, type RunEvent, type RunPhase } from '../../src/runner/run-conformance.ts';
import { startMockServer } from '../../src/mock/start-mock-server.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import { createSdkTarget } from '../../src/target/sdk-target.ts';
import type { Target } from '../../src/target/target.ts';

/** The reference mock behind a target that throws `error` on every request from the first phase named `from` on. */
function throwingFrom(from: RunPhase, error: Error): { target: Target; onEvent: (event: { type: string; phase?: RunPhase }) => void } {
  const inner = createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle);
  let throwing = false;
  return {
    target: {
      description: `the reference mock, throwing from the ${from} phase on`,
      capabilities: inner.capabilities,
      async send(request, options) {
        if (throwing) throw error;
        return inner.send(request, options);
      },
      close: () => inner.close(),
    },
    onEvent: (event) => {
      if (event.type === 'phaseStarted' && event.phase === from) throwing = true;
    },
  };
}

describe('errors a target throws while the run sends', () => {
  it('a configuration error thrown while the property phase sends cases in parallel ends the run with it', async () => {
    const { target, onEvent } = throwingFrom('invalid', new ConfigError('--aws-profile: the credentials of profile sandbox expired'));
    // The last operation's last phase, and no stateful phase after it: only the pooled sends of that phase can end the run.
    const options = { target, fixture: demoFixture, seed: 3, numRuns: 50, concurrency: 8, onEvent, operations: ['DeletePersonalAccessToken'], stateSequences: 0 };
    await expect(runConformance(options)).rejects.toThrow(
      '--aws-profile: the credentials of profile sandbox expired',
    );
  });

  it('a configuration error thrown while a case that deletes is sent alone ends the run with it, unshrunk', async () => {
    // More tokens than the compact coverage phase deletes, so that the property phase still finds some to delete.
    const [first, ...others] = demoFixture.organizations;
    const extraTokens = Array.from({ length: 30 }, (_, index) => ({ id: `${(0x10000000 + index).toString(16)}-aaaa-4bbb-8ccc-dddddddddddd`, userId: first!.entities[0]!.id, name: `token-${index}` }));
    const fixture = { ...demoFixture, organizations: [{ ...first!, personalAccessTokens: [...(first!.personalAccessTokens ?? []), ...extraTokens] }, ...others] };
    const target = createHandlerTarget(createWorkMailMock({ fixture }).handle);
    let refused = 0;
    // A send policy (as a live run's) that refuses, with a configuration error, each property case the oracle expects to delete.
    const sendPolicy = (_spec: unknown, testCase: { phase: string }, expectation: { outcomes: readonly { kind: string; effect?: unknown }[] }) => {
      if (testCase.phase === 'property' && expectation.outcomes.some((outcome) => outcome.kind === 'success' && outcome.effect !== undefined)) {
        refused += 1;
        throw new ConfigError('sendPolicy: this organization may not be changed');
      }
      return 'send' as const;
    };
    const options = { target, fixture, seed: 3, numRuns: 200, concurrency: 8, sendPolicy, operations: ['DeletePersonalAccessToken'], stateSequences: 0, coverage: 'compact' as const };
    await expect(runConformance(options)).rejects.toThrow('sendPolicy: this organization may not be changed');
    // Not shrunk: fast-check tried no smaller case after the first.
    expect(refused).toBe(1);
  });

  it('a configuration error thrown while a property case is replayed (--path) ends the run with it', async () => {
    const { target, onEvent } = throwingFrom('shrink', new ConfigError('--aws-profile: cannot load credentials of profile nosuch'));
    const options = { target, fixture: demoFixture, seed: 3, onEvent, path: 'DeletePersonalAccessToken.valid:3' };
    await expect(runConformance(options)).rejects.toThrow('--aws-profile: cannot load credentials of profile nosuch');
  });

  it('any other error is what the target answered that case: judged as a network error, and the run goes on', async () => {
    const { target, onEvent } = throwingFrom('invalid', new Error('socket hang up'));
    const report = await runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 50, concurrency: 8, onEvent, operations: ['DeletePersonalAccessToken'], stateSequences: 0 });
    expect(report.summary.incomplete).toBeUndefined();
    expect(report.failures.map((finding) => [finding.phase, finding.check, finding.observed])).toEqual([
      ['property', 'responseReceived', 'the target threw (TARGET_THREW): socket hang up'],
    ]);
  });
});

describe('credentials a user gives a transport', () => {
  // A user's mistake, not the target's: the run ends with it, where every request used to fail as a finding against the target.
  const situations = [
    ['no secret', () => Promise.resolve({ accessKeyId: 'AKIDNOSECRET' }), 'credentials: the resolved credential object is not valid'],
    ['an expiration that is a string', () => Promise.resolve({ accessKeyId: 'AKIDSTRING', secretAccessKey: 'secret', expiration: '2030-01-01T00:00:00Z' }), 'credentials: expiration must be a valid Date, got string'],
    ['a provider that fails', () => Promise.reject(new Error('the SSO session has expired')), 'credentials: the credential provider failed: the SSO session has expired'],
  ] as const;
  const transports = { wire: createHttpTarget, sdk: createSdkTarget } as const;
  it.each((['wire', 'sdk'] as const).flatMap((transport) => situations.map(([situation, credentials, message]) => [transport, situation, credentials, message] as const)))(
    'over the %s transport, %s ends the run with a configuration error rather than findings against the target',
    async (transport, _situation, credentials, message) => {
      const server = await startMockServer({ mock: createWorkMailMock({ fixture: demoFixture }), port: 0 });
      const target = transports[transport]({ endpoint: server.url, region: 'us-east-1', credentials: credentials as () => Promise<never> });
      try {
        const run = runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 20, stateSequences: 0 });
        await expect(run).rejects.toThrow(message);
        await expect(run).rejects.toMatchObject({ name: 'ConfigError' });
      } finally {
        await target.close();
        await server.close();
      }
    },
  );
});

describe('a mock server that dies of a request', () => {
  it('stops the run once 20 connections in a row are refused, naming the request it may have died of', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    // A hand-written mock that crashes on a body that is not JSON, as an unguarded JSON.parse does: no answer, and nothing
    // listens after it.
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        try {
          JSON.parse(body);
        } catch {
          server.close();
          server.closeAllConnections();
          return;
        }
        const answer = mock.handle({ method: 'POST', path: request.url ?? '/', headers: request.headers as Record<string, string>, body });
        response.writeHead(answer.status, answer.headers).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const target = createHttpTarget({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'us-east-1' });

    const judged: string[] = [];
    const onEvent = (event: RunEvent) => void (event.type === 'judged' && judged.push(event.exchange.path));
    const report = await runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 20, stateSequences: 0, operations: ['DeletePersonalAccessToken'], onEvent });
    await target.close();

    expect(report.summary.incomplete).toMatch(
      /^the target refused the connection of 20 requests in a row: nothing listens there any more; the requests? before them that got no answer, one of which it may have died of: (DeletePersonalAccessToken\.\w+:[\d:]+ \(\w+\) [^;]*; )+the run stopped sending$/,
    );
    // The one it died of is among them, its body as sent (which cases were in flight beside it depends on the plan's order).
    expect(report.summary.incomplete).toMatch(/DeletePersonalAccessToken\.coverage:\d+ \(ECONNRESET\) not json;/);
    // Judged after the one it died of: those in flight (16 at most) and the 20 refused; not the cases that followed.
    const diedOf = /(DeletePersonalAccessToken\.coverage:\d+)/.exec(report.summary.incomplete ?? '')?.[1] ?? '';
    expect(judged.length - judged.indexOf(diedOf) - 1).toBeLessThanOrEqual(16 + 20);
  });
});

describe('a target where nothing ever listened (runConformance from code, trialZ #5)', () => {
  it('says that no request got an answer and to check the endpoint, and a stateful phase turned off stays off by choice', async () => {
    // A port nothing listens on: one freed just now.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const target = createHttpTarget({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

    const report = await runConformance({ target, fixture: demoFixture, seed: 1, numRuns: 5, stateSequences: 0 });
    await target.close();

    expect(report.summary.incomplete).toBe(
      "the target refused the connection of 20 requests in a row, and no request of the run got an answer: nothing listens there (are the endpoint's host and port right, and is the server started?); the run stopped sending",
    );
    // stateSequences: 0 turned the phase off: no caveat that it judged nothing (the README says the field is for a phase not turned off).
    expect(report.summary.sequencesNotJudged).toBeUndefined();
    for (const operation of report.operations) expect(operation.checks.find((tally) => tally.name === 'stateSequence')?.notChecked).toBe('turned off (--state-sequences 0)');
  });
});
