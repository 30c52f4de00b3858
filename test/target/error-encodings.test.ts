import { describe, expect, it } from 'vitest';
import { createHttpTarget } from '../../src/target/http-target.ts';
import { createSdkTarget } from '../../src/target/sdk-target.ts';
import type { Target } from '../../src/target/target.ts';
import type { HttpResponseMessage } from '../../src/wire/http-message.ts';
import { answerWith, useLoopback } from './loopback-server.ts';
import { mailboxPermissionsInput, targetRequest, testCredentials } from './target-fixtures.ts';

const json = 'application/x-amz-json-1.1';
const coralSuffix = ':http://internal.amazon.com/coral/com.amazonaws.workmail/';

interface Encoding {
  readonly name: string;
  readonly response: (type: string) => HttpResponseMessage;
}

const errorEncodings: readonly Encoding[] = [
  { name: 'a namespaced __type', response: (type) => ({ status: 400, headers: { 'content-type': json }, body: JSON.stringify({ __type: `com.amazonaws.workmail#${type}`, Message: 'went wrong' }) }) },
  { name: 'the type only in X-Amzn-ErrorType with a coral suffix', response: (type) => ({ status: 400, headers: { 'content-type': json, 'x-amzn-errortype': `${type}${coralSuffix}` }, body: JSON.stringify({ Message: 'went wrong' }) }) },
  { name: 'a code member', response: (type) => ({ status: 400, headers: { 'content-type': json }, body: JSON.stringify({ code: type, Message: 'went wrong' }) }) },
  { name: 'a lower-case message', response: (type) => ({ status: 400, headers: { 'content-type': json }, body: JSON.stringify({ __type: type, message: 'went wrong' }) }) },
];

const successEncodings: readonly Encoding[] = [
  { name: 'an empty body', response: () => ({ status: 200, headers: { 'content-type': json }, body: '' }) },
  { name: '{}', response: () => ({ status: 200, headers: { 'content-type': json }, body: '{}' }) },
];

const loopback = useLoopback();

async function observeThroughBothTransports(response: HttpResponseMessage) {
  const server = await loopback.start(answerWith(() => response));
  const wire = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials });
  const sdk = createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials });
  loopback.track(wire, sdk);
  const request = targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput);
  return { wire: await wire.send(request, { timeoutMs: 5000 }), sdk: await sdk.send(request, { timeoutMs: 5000 }) };
}

function essentials(observation: Awaited<ReturnType<Target['send']>>) {
  if (observation.kind !== 'response') return { kind: observation.kind };
  return { kind: observation.kind, status: observation.status, errorType: observation.errorType, message: observation.message };
}

describe('every awsJson1_1 error encoding gives the same observation through the wire and the SDK transport', () => {
  for (const encoding of errorEncodings) {
    for (const type of ['EntityNotFoundException', 'FooError']) {
      it(`reads ${type} from ${encoding.name}`, async () => {
        const { wire, sdk } = await observeThroughBothTransports(encoding.response(type));

        expect(essentials(wire)).toEqual({ kind: 'response', status: 400, errorType: type, message: 'went wrong' });
        expect(essentials(sdk)).toEqual(essentials(wire));
      });
    }
  }

  for (const encoding of successEncodings) {
    it(`reads a success with ${encoding.name} as status 200 without an error type`, async () => {
      const { wire, sdk } = await observeThroughBothTransports(encoding.response(''));

      expect(essentials(wire)).toEqual({ kind: 'response', status: 200, errorType: undefined, message: undefined });
      expect(essentials(sdk)).toEqual(essentials(wire));
    });
  }
});

describe('the wire transport keeps where the error type came from', () => {
  it('names the header as the source when X-Amzn-ErrorType is set', async () => {
    const { wire } = await observeThroughBothTransports(errorEncodings[1]!.response('EntityNotFoundException'));

    expect(wire.kind === 'response' ? wire.errorTypeSource : undefined).toBe('header');
  });

  it('rebuilds the body from what the SDK exposes on the SDK transport', async () => {
    const { sdk } = await observeThroughBothTransports(errorEncodings[0]!.response('EntityNotFoundException'));

    expect(sdk.kind === 'response' ? JSON.parse(sdk.body) : undefined).toEqual({ __type: 'EntityNotFoundException', message: 'went wrong' });
  });
});

describe('an answer whose type places disagree is read alike by both transports, as the JS SDK reads it', () => {
  it('takes __type over X-Amzn-ErrorType and code, and records every place', async () => {
    const response = { status: 400, headers: { 'content-type': json, 'x-amzn-errortype': 'EntityStateException' }, body: JSON.stringify({ code: 'ValidationException', __type: 'EntityNotFoundException', Message: 'went wrong' }) };

    const { wire, sdk } = await observeThroughBothTransports(response);

    expect(essentials(wire)).toEqual({ kind: 'response', status: 400, errorType: 'EntityNotFoundException', message: 'went wrong' });
    expect(essentials(sdk)).toEqual(essentials(wire));
    expect(wire.kind === 'response' ? wire.errorTypePlaces?.map((place) => `${place.place}=${place.type ?? ''}`) : undefined).toEqual([
      'header=EntityStateException',
      'code=ValidationException',
      '__type=EntityNotFoundException',
    ]);
  });
});
