/**
 * The name of an open point's reading, by which a mock chooses it: its `reading`, else its error type, else `success`.
 *
 * @example
 * readingName({ status: 400, type: 'EntityStateException', profiles: ['documented'] }); // 'EntityStateException'
 */
export function readingName(outcome: { readonly reading?: string | undefined; readonly type?: string | undefined }): string {
  return outcome.reading ?? outcome.type ?? 'success';
}
