import type { Observation } from './observation.ts';

/** The most characters of a text {@link excerpt} shows. */
export const excerptLength = 160;

/**
 * A body excerpt for reports: at most 160 characters, with the whole text's length when cut (an input's JSON, not one member's).
 *
 * @example
 * excerpt('<html>…</html>');
 */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= excerptLength ? flat : `${flat.slice(0, excerptLength)}… (${text.length} characters in all)`;
}

/**
 * A one-line text for an observation, e.g. `400 EntityNotFoundException (from __type)` or `timeout after 10000 ms`.
 *
 * @example
 * describeObservation(observation);
 */
export function describeObservation(observation: Observation): string {
  switch (observation.kind) {
    case 'timeout':
      return `no answer within ${observation.timeoutMs} ms`;
    case 'networkError':
      // A target that threw is not a network: say so, so nobody looks for a network problem.
      return observation.code.endsWith('_THREW') ? `the target threw (${observation.code}): ${excerpt(observation.message)}` : `network error ${observation.code}: ${excerpt(observation.message)}`;
    case 'response': {
      const inferred = observation.statusInferred === undefined ? '' : ` [status ${observation.statusInferred}]`;
      if (observation.errorType !== undefined) {
        return `${observation.status} ${observation.errorType} (from ${observation.errorTypeSource ?? 'the SDK'})${inferred}`;
      }
      return observation.body === '' ? `${observation.status} (empty body)${inferred}` : `${observation.status}, body ${excerpt(observation.body)}${inferred}`;
    }
  }
}
