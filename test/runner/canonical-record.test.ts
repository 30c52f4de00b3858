import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalRecord } from '../../src/runner/effect-reader.ts';

/** Canonical JSON the general way: every value made canonical (keys sorted, lists sorted by their items' JSON), then stringified. */
function canonicalJsonOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => JSON.stringify(canonicalJsonOf(item))).sort().map((item) => JSON.parse(item) as unknown);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, canonicalJsonOf(item)]));
  }
  return value;
}

function generalCanonicalRecord(record: Readonly<Record<string, unknown>>, fields: readonly string[]): string {
  const picked: Record<string, unknown> = {};
  for (const field of [...fields].sort()) if (record[field] !== undefined) picked[field] = record[field];
  return JSON.stringify(canonicalJsonOf(picked));
}

// Field names as records have them, and the ones an object orders or treats apart.
const fieldName = fc.constantFrom('entityId', 'granteeId', 'permissionValues', 'id', 'userId', 'name', 'Zeta', 'é', '0', '9', '10', '01', '__proto__');
const fieldValue = fc.oneof(
  fc.string(),
  fc.array(fc.string()),
  fc.array(fc.constantFrom('FULL_ACCESS', 'SEND_AS', 'SEND_ON_BEHALF')),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.jsonValue(),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
);

describe('canonicalRecord', () => {
  it('gives the same JSON as making every value canonical and stringifying, for any record and fields', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fieldName, fieldValue)), fc.array(fieldName), (entries, fields) => {
        const record: Record<string, unknown> = {};
        for (const [field, value] of entries) Object.defineProperty(record, field, { value, enumerable: true, writable: true, configurable: true });

        expect(canonicalRecord(record, fields)).toBe(generalCanonicalRecord(record, fields));
      }),
      { numRuns: 2000 },
    );
  });

  it('orders fields and list values, so the same record read in another order gives the same JSON', () => {
    const read = { permissionValues: ['SEND_AS', 'FULL_ACCESS'], granteeId: 'g', entityId: 'e', ignored: 'x' };

    expect(canonicalRecord(read, ['granteeId', 'permissionValues', 'entityId'])).toBe('{"entityId":"e","granteeId":"g","permissionValues":["FULL_ACCESS","SEND_AS"]}');
  });
});
