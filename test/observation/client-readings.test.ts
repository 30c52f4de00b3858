import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { DeletePersonalAccessTokenCommand, WorkMailClient } from '@aws-sdk/client-workmail';
import { HttpResponse } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { readErrorTypeAsBotocore, readErrorTypeAsJsSdk, type ClientReading } from '../../src/wire/decode-error-type.ts';
import { observeResponse } from '../../src/observation/observe-response.ts';
import { errorTypeVectors, type ErrorTypeVector, type ExpectedReading } from './error-type-vectors.ts';

function parsedOrUndefined(body: string): unknown {
  try {
    return body.trim() === '' ? undefined : JSON.parse(body);
  } catch {
    return undefined;
  }
}

function lowerCaseHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function asExpected(reading: ClientReading): ExpectedReading {
  switch (reading.kind) {
    case 'type':
      return { type: reading.type };
    case 'none':
      return { none: reading.shown };
    case 'crash':
      return { crash: true };
  }
}

const table = errorTypeVectors.map((vector) => [vector.id, vector] as const);

describe('the model of the AWS SDK for JavaScript reads every published and own vector as the table says', () => {
  it.each(table)('%s', (_id, vector) => {
    const reading = readErrorTypeAsJsSdk(vector.headers, vector.body, parsedOrUndefined(vector.body));

    expect(asExpected(reading)).toEqual(vector.jsSdk);
  });
});

describe('the model of botocore reads every published and own vector as the table says', () => {
  it.each(table)('%s', (_id, vector) => {
    const reading = readErrorTypeAsBotocore(vector.status, lowerCaseHeaders(vector.headers), vector.body);

    expect(asExpected(reading)).toEqual(vector.botocore);
  });
});

describe('the observation records every place and the primary type the JS SDK reads', () => {
  it.each(table)('%s', (_id, vector) => {
    const observation = observeResponse({ status: vector.status, headers: vector.headers, body: vector.body }, 1);

    expect(observation.errorType).toBe('type' in vector.jsSdk ? vector.jsSdk.type : undefined);
    const named = (observation.errorTypePlaces ?? []).filter((place) => place.type !== undefined);
    expect(new Set(named.map((place) => place.type)).size > 1).toBe(vector.placesDisagree);
  });
});

/** What the installed WorkMailClient throws for one canned HTTP response. */
async function readWithInstalledSdk(vector: ErrorTypeVector): Promise<ExpectedReading> {
  const client = new WorkMailClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDVECTORS', secretAccessKey: 'vectors' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: new HttpResponse({ statusCode: vector.status, headers: { ...vector.headers }, body: Readable.from(vector.body === '' ? [] : [Buffer.from(vector.body)]) }),
      }),
    },
  });
  try {
    await client.send(new DeletePersonalAccessTokenCommand({ OrganizationId: 'm-0123456789abcdef0123456789abcdef', PersonalAccessTokenId: 'x' }));
    throw new Error('the SDK resolved an error response');
  } catch (error) {
    const thrown = error as { name?: unknown; $fault?: unknown };
    // A service exception carries $fault; anything else is the SDK failing on its own.
    if (thrown.$fault !== 'client' && thrown.$fault !== 'server') return { crash: true };
    return thrown.name === 'Unknown' ? { none: 'Unknown' } : { type: String(thrown.name) };
  } finally {
    client.destroy();
  }
}

describe('the model of the JS SDK agrees with the SDK as installed', () => {
  it.each(table.filter(([, vector]) => !('none' in vector.jsSdk && vector.jsSdk.none !== 'Unknown')))('%s', async (_id, vector) => {
    expect(await readWithInstalledSdk(vector)).toEqual(vector.jsSdk);
  });
});

const botocoreScript = `
import json, sys
from botocore.awsrequest import HeadersDict
from botocore.parsers import JSONParser
out = []
for case in json.load(sys.stdin):
    try:
        parsed = JSONParser().parse({'status_code': case['status'], 'headers': HeadersDict(case['headers']), 'body': case['body'].encode('utf-8')}, None)
        out.append({'code': parsed['Error']['Code']})
    except Exception as error:
        out.append({'crash': type(error).__name__})
print(json.dumps(out))
`;

function runInstalledBotocore(vectors: readonly ErrorTypeVector[]): readonly ({ code: string } | { crash: string })[] | undefined {
  const result = spawnSync('python3', ['-c', botocoreScript], { input: JSON.stringify(vectors), encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return JSON.parse(result.stdout) as ({ code: string } | { crash: string })[];
}

describe('the model of botocore agrees with botocore as installed', () => {
  const readings = runInstalledBotocore(errorTypeVectors);

  it.skipIf(readings === undefined)('reads every vector as the installed botocore does (needs python3 with botocore)', () => {
    const observed = (readings ?? []).map((reading) => ('crash' in reading ? { crash: true } : reading.code));
    const modeled = errorTypeVectors.map((vector) => ('crash' in vector.botocore ? { crash: true } : 'type' in vector.botocore ? vector.botocore.type : vector.botocore.none));

    expect(observed).toEqual(modeled);
  });
});
