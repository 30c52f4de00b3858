import type { ConformanceReport } from './conformance-report.ts';

/** What a run's verdict is: conformant, incomplete (stopped early, nothing judged broke a rule), or not conformant. */
export type VerdictKind = 'conformant' | 'incomplete' | 'notConformant';

/**
 * The kind of a report's verdict, as the console's last line and the CLI's exit code read it.
 *
 * @example
 * verdictKind(report.summary); // 'incomplete' for a run stopped early that broke no rule
 */
export function verdictKind(summary: ConformanceReport['summary']): VerdictKind {
  if (summary.conformant) return 'conformant';
  return summary.failedChecks === 0 && summary.incomplete !== undefined ? 'incomplete' : 'notConformant';
}

/**
 * A verdict in words, as the CLI's lines give it: `conformant`, `incomplete`, or how many checks failed.
 *
 * @example
 * verdictText(report.summary); // '3 check(s) failed'
 */
export function verdictText(summary: ConformanceReport['summary']): string {
  return { conformant: 'conformant', incomplete: 'incomplete', notConformant: `${summary.failedChecks} check(s) failed` }[verdictKind(summary)];
}

/**
 * What a conformant verdict rests on less than it seems to, in words: the operations with no real delete exercised, and
 * those whose real deletes were never read back. Said beside "conformant" wherever a verdict is given.
 *
 * @example
 * withCaveats('conformant', verdictCaveats(report.summary)); // 'conformant, but no real delete was exercised for DeletePersonalAccessToken (see Contract coverage)'
 */
export function verdictCaveats(summary: ConformanceReport['summary']): string[] {
  return [
    ...(summary.fixtureDiffered === undefined ? [] : [`the target's records differed from the fixture at the start for ${summary.fixtureDiffered.join(', ')} (not restarted since an earlier run, or another fixture?), so its deletes were not judged (see deleteEffect)`]),
    ...(summary.realDeleteNotExercised === undefined ? [] : [`no real delete was exercised for ${summary.realDeleteNotExercised.join(', ')} (see Contract coverage)`]),
    ...(summary.realDeleteNotReadBack === undefined ? [] : [`no delete's effect was read back for ${summary.realDeleteNotReadBack.join(', ')}`]),
    ...(summary.sequencesNotJudged === undefined ? [] : [`no state sequence of ${summary.sequencesNotJudged.join(', ')} was judged (see stateSequence)`]),
    ...(summary.checksNotJudged === undefined ? [] : [`${summary.checksNotJudged.join(' and ')} could not judge the replayed case: a failure a run reported for it there is neither confirmed nor gone`]),
  ];
}

/**
 * A verdict followed by its caveats: `head, but first, and second`.
 *
 * @example
 * withCaveats('CONFORMANT: no failures', ['a', 'b']); // 'CONFORMANT: no failures, but a, and b'
 */
export function withCaveats(head: string, caveats: readonly string[]): string {
  return `${head}${caveats.map((caveat, index) => `${index === 0 ? ', but' : ', and'} ${caveat}`).join('')}`;
}

/**
 * A report as a run with `--strict` (or `strict: true`) gives it: its summary says which caveats a conformant verdict
 * carries, which that run counts as failures.
 *
 * @example
 * withStrictVerdict(report).summary.strict?.unmet; // ['no real delete was exercised for DeletePersonalAccessToken (see Contract coverage)']
 */
export function withStrictVerdict(report: ConformanceReport): ConformanceReport {
  const unmet = report.summary.conformant ? verdictCaveats(report.summary) : [];
  return { ...report, summary: { ...report.summary, strict: { unmet } } };
}
