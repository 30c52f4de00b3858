import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { Pool } from 'undici';
import type { HttpRequestMessage } from '../src/wire/http-message.ts';

/** A request ready to go on the wire: signed headers and body bytes. */
export interface PresignedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** How long a loop took to send a number of requests. */
export interface LoopResult {
  readonly requests: number;
  readonly seconds: number;
}

/**
 * Makes `count` calls of `send` (given the call's index) with `concurrency` in flight, and times them: the loop every bare
 * floor shares, so that floors differ only in how one request is sent.
 *
 * @example
 * const { seconds } = await timeConcurrentLoop(10_000, 16, (index) => sendOne(prebuilt[index % prebuilt.length]));
 */
export async function timeConcurrentLoop(count: number, concurrency: number, send: (index: number) => Promise<unknown>): Promise<LoopResult> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await send(index);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { requests: count, seconds: (performance.now() - start) / 1000 };
}

/**
 * SigV4-signs awsJson requests ahead of time, with the same signer and headers the wire transport uses, so that a bare loop only sends.
 *
 * @example
 * const prebuilt = await presignRequests(messages, 'http://127.0.0.1:4566', 'us-east-1', credentials);
 */
export async function presignRequests(
  messages: readonly HttpRequestMessage[],
  endpoint: string,
  region: string,
  credentials: AwsCredentialIdentity,
): Promise<PresignedRequest[]> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service: 'workmail', region, credentials, sha256: Sha256 });
  const signed: PresignedRequest[] = [];
  for (const message of messages) {
    const body = Buffer.from(message.body, 'utf8');
    const unsigned = new HttpRequest({
      method: message.method,
      protocol: url.protocol,
      hostname: url.hostname,
      path: message.path,
      headers: { ...message.headers, host: url.host, 'content-length': String(body.length) },
      body: message.body,
    });
    signed.push({ path: message.path, headers: (await signer.sign(unsigned)).headers, body });
  }
  return signed;
}

/**
 * Sends `count` prebuilt requests (cycling through them) over one keep-alive node:http agent with `concurrency` in flight,
 * reading every answer's body and nothing more: the floor the kit's wire transport is compared with.
 *
 * @example
 * const { requests, seconds } = await bareHttpLoop('http://127.0.0.1:4566', prebuilt, 50_000, 16);
 */
export async function bareHttpLoop(endpoint: string, prebuilt: readonly PresignedRequest[], count: number, concurrency: number): Promise<LoopResult> {
  const url = new URL(endpoint);
  const agent = new Agent({ keepAlive: true });
  const port = Number(url.port);
  const sendOne = (request: PresignedRequest): Promise<string> =>
    new Promise((resolve, reject) => {
      const outgoing = httpRequest({ agent, method: 'POST', hostname: url.hostname, port, path: request.path, headers: request.headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  try {
    return await timeConcurrentLoop(count, concurrency, (index) => sendOne(prebuilt[index % prebuilt.length] as PresignedRequest));
  } finally {
    agent.destroy();
  }
}

/**
 * The same loop on an undici Pool (the kit's own HTTP client), dispatching with a bare handler that only collects the body:
 * the faster of the two floors on these machines. `beforeEach`, where given, runs before each request is sent (see
 * bench/in-situ-cost.ts); the floors give none.
 *
 * @example
 * const { requests, seconds } = await bareUndiciLoop('http://127.0.0.1:4566', prebuilt, 50_000, 16);
 */
export async function bareUndiciLoop(
  endpoint: string,
  prebuilt: readonly PresignedRequest[],
  count: number,
  concurrency: number,
  beforeEach?: (index: number) => void,
): Promise<LoopResult> {
  const pool = new Pool(new URL(endpoint).origin);
  const sendOne = (request: PresignedRequest): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      pool.dispatch(
        { method: 'POST', path: request.path, headers: request.headers, body: request.body },
        {
          // undici treats a handler without onRequestStart as one of its older, deprecated shape.
          onRequestStart: () => undefined,
          onResponseData: (_controller, chunk) => void chunks.push(chunk),
          onResponseEnd: () => resolve(Buffer.concat(chunks).toString('utf8')),
          onResponseError: (_controller, error) => reject(error),
        },
      );
    });
  try {
    return await timeConcurrentLoop(count, concurrency, (index) => {
      beforeEach?.(index);
      return sendOne(prebuilt[index % prebuilt.length] as PresignedRequest);
    });
  } finally {
    await pool.destroy();
  }
}
