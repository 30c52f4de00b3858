import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { checkFailureMessage } from '../../src/report/check-messages.ts';
import { reporters } from '../../src/report/reporters.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import { createSdkTarget } from '../../src/target/sdk-target.ts';

/** A mock whose every answer is an error quoting the request's key ID and session token, as some echoing mocks do. */
async function echoingServer() {
  const server = createServer((request, response) => {
    request.resume();
    const key = /Credential=(\w+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '';
    request.on('end', () =>
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'ValidationException', message: `caller ${key} token ${String(request.headers['x-amz-security-token'])}` })),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('a report made from code', () => {
  it('holds no credential the target signed with, where the answers quote them (trialK #5)', async () => {
    const server = await echoingServer();
    const credentials = { accessKeyId: 'AKIALIBLEAKCHECK0001', secretAccessKey: 'lib-secret', sessionToken: 'LIBTOKENLEAKCHECK/555+abc==' };
    try {
      for (const target of [createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials }), createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials })]) {
        const report = await runConformance({ target, fixture: demoFixture, seed: 1, numRuns: 2, stateSequences: 0, operations: ['DeletePersonalAccessToken'] });
        await target.close();

        const texts = [JSON.stringify(report), reporters.console(report), reporters.json(report), reporters.junit(report), ...report.failures.map((finding) => checkFailureMessage(report, finding.operation, finding.check))];
        expect(report.failures.length).toBeGreaterThan(0);
        expect(texts.join('\n')).toContain('caller [redacted] token [redacted]');
        for (const text of texts) expect(text).not.toMatch(/AKIALIBLEAK|LIBTOKENLEAK/);
      }
    } finally {
      server.close();
    }
  });
});
