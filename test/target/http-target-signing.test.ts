import { createHash } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTarget } from '../../src/target/http-target.ts';
import { dummyCredentials } from '../../src/target/resolve-credentials.ts';
import { encodeAwsJsonSuccess } from '../../src/wire/aws-json.ts';
import { answerWith, startLoopbackServer, type LoopbackServer, type ReceivedRequest } from './loopback-server.ts';
import { mailboxPermissionsInput, targetRequest } from './target-fixtures.ts';

const authorizationShape = /^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)\/(?<day>\d{8})\/(?<region>[^/]+)\/(?<service>[^/]+)\/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$/;

function parseAmzDate(value: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (match === null) throw new Error(`bad x-amz-date ${value}`);
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

async function recomputeAuthorization(received: ReceivedRequest, credentials: AwsCredentialIdentity): Promise<string | undefined> {
  const parsed = authorizationShape.exec(received.headers['authorization'] ?? '')?.groups;
  if (parsed === undefined) return undefined;
  const signedHeaders: Record<string, string> = {};
  for (const name of (parsed['signed'] ?? '').split(';')) signedHeaders[name] = received.headers[name] ?? '';
  const request = new HttpRequest({
    method: received.method,
    protocol: 'http:',
    hostname: (received.headers['host'] ?? '').replace(/:\d+$/, ''),
    path: received.path,
    headers: signedHeaders,
    body: received.body,
  });
  const signer = new SignatureV4({ service: parsed['service'] ?? '', region: parsed['region'] ?? '', credentials, sha256: Sha256 });
  const signed = await signer.sign(request, { signingDate: parseAmzDate(received.headers['x-amz-date'] ?? '') });
  return signed.headers['authorization'];
}

let server: LoopbackServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the wire transport signs what it sends with SigV4', () => {
  it("signs each request for the signing name its spec gives (service.signingName)", async () => {
    server = await startLoopbackServer(answerWith(encodeAwsJsonSuccess));
    const target = createHttpTarget({ endpoint: server.url, region: 'eu-west-1', credentials: dummyCredentials });
    await target.send({ ...targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), signingName: 'otherservice' }, { timeoutMs: 5000 });
    await target.close();
    const groups = authorizationShape.exec(server.received[0]?.headers['authorization'] ?? '')?.groups;
    expect(groups?.['service']).toBe('otherservice');
  });

  it('sends an AWS4-HMAC-SHA256 authorization scoped to the region and the workmail service, with x-amz-date', async () => {
    server = await startLoopbackServer(answerWith(encodeAwsJsonSuccess));
    const target = createHttpTarget({ endpoint: server.url, region: 'eu-west-1', credentials: dummyCredentials });

    await target.send(targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), { timeoutMs: 5000 });
    await target.close();

    const received = server.received[0];
    const groups = authorizationShape.exec(received?.headers['authorization'] ?? '')?.groups;
    expect(groups).toMatchObject({ key: dummyCredentials.accessKeyId, region: 'eu-west-1', service: 'workmail' });
    expect(groups?.['signed']?.split(';')).toEqual(expect.arrayContaining(['content-type', 'host', 'x-amz-date', 'x-amz-target']));
    expect(received?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  const bodies: ReadonlyArray<readonly [string, string]> = [
    ['a valid input', JSON.stringify(mailboxPermissionsInput)],
    ['malformed JSON', '{"OrganizationId": "m-0123'],
    ['a body that is not an object', '[1, 2, 3]'],
    ['non-ASCII text with odd spacing', '{ "EntityId" :  "ünïcødé 🎉" ,\n"x":null}'],
    ['an empty body', ''],
  ];
  for (const [name, body] of bodies) {
    it(`sends ${name} byte for byte, with a signature the server can recompute over the received bytes`, async () => {
      server = await startLoopbackServer(answerWith(encodeAwsJsonSuccess));
      const target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: dummyCredentials });

      const observation = await target.send(targetRequest('DeletePersonalAccessToken', body), { timeoutMs: 5000 });
      await target.close();

      const received = server.received[0];
      expect(observation.kind).toBe('response');
      expect(received?.body).toBe(body);
      expect(received?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
      expect(received?.headers['x-amz-target']).toBe('WorkMailService.DeletePersonalAccessToken');
      expect(received && (await recomputeAuthorization(received, dummyCredentials))).toBe(received?.headers['authorization']);
    });
  }

  it('sends x-amz-content-sha256 as the SHA-256 of the body bytes received, and signs it', async () => {
    server = await startLoopbackServer(answerWith(encodeAwsJsonSuccess));
    const target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: dummyCredentials });

    await target.send(targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), { timeoutMs: 5000 });
    await target.close();

    const received = server.received[0];
    const signed = authorizationShape.exec(received?.headers['authorization'] ?? '')?.groups?.['signed']?.split(';');
    expect(received?.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(received?.body ?? '', 'utf8').digest('hex'));
    expect(signed).toContain('x-amz-content-sha256');
  });

  it('gives a signature that other credentials cannot reproduce', async () => {
    server = await startLoopbackServer(answerWith(encodeAwsJsonSuccess));
    const target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: dummyCredentials });

    await target.send(targetRequest('DeletePersonalAccessToken', '{}'), { timeoutMs: 5000 });
    await target.close();

    const received = server.received[0];
    const other = { accessKeyId: dummyCredentials.accessKeyId, secretAccessKey: 'another-secret' };
    expect(received && (await recomputeAuthorization(received, other))).not.toBe(received?.headers['authorization']);
  });
});

describe('the headers of an answer that can carry credentials', () => {
  it('are kept by name with their values redacted: told as sent, never held', async () => {
    const server = await startLoopbackServer(
      answerWith(() => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'set-cookie': 'session=s3cr3t; HttpOnly', 'x-amz-security-token': 'tok3n' }, body: '' })),
    );
    const target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: dummyCredentials });
    try {
      const observation = await target.send(targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), { timeoutMs: 5000 });

      expect(observation).toMatchObject({ kind: 'response', headers: { 'set-cookie': '[redacted]', 'x-amz-security-token': '[redacted]', 'content-type': 'application/x-amz-json-1.1' } });
      expect(JSON.stringify(observation)).not.toMatch(/s3cr3t|tok3n/);
    } finally {
      await target.close();
      await server.close();
    }
  });
});
