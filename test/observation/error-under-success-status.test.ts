import { describe, expect, it } from 'vitest';
import { errorTypeUnderSuccessStatus, observeResponse } from '../../src/observation/observe-response.ts';

// An error sent with a success status (trialQ #1): what statusCodeConformance, the open points and the coverage read it by.
describe('the error type a 2xx answer carries', () => {
  it("is read from the body's __type first, then from the X-Amzn-ErrorType header, in any case of its name, as the JS SDK reads an error", () => {
    const inBody = observeResponse({ status: 200, headers: { 'X-Amzn-ErrorType': 'B:http://x/' }, body: '{"__type":"com.amazonaws.workmail#A","message":"no"}' }, 1);
    const inHeader = observeResponse({ status: 200, headers: { 'X-Amzn-ErrorType': 'EntityNotFoundException:http://internal.amazon.com/' }, body: '' }, 1);

    expect(errorTypeUnderSuccessStatus(inBody)).toBe('A');
    expect(errorTypeUnderSuccessStatus(inHeader)).toBe('EntityNotFoundException');
  });

  it('is none for a success without one, for an error status, and where the transport did not see the wire', () => {
    for (const body of ['', '{}', '{"code":"Something"}', '{"__type":""}']) expect(errorTypeUnderSuccessStatus(observeResponse({ status: 200, headers: {}, body }, 1)), body).toBeUndefined();
    expect(errorTypeUnderSuccessStatus(observeResponse({ status: 400, headers: {}, body: '{"__type":"A"}' }, 1))).toBeUndefined();
    const rebuilt = { ...observeResponse({ status: 200, headers: {}, body: '{"__type":"A"}' }, 1), wireNotSeen: true as const };
    expect(errorTypeUnderSuccessStatus(rebuilt)).toBeUndefined();
  });
});
