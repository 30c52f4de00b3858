import type { Case } from '../cases/case.ts';
import { expectOutcomes, type OracleContext } from '../cases/expect-outcomes.ts';
import { describeValue, OptionChecker } from '../check-options.ts';
import { allChecks } from '../checks/all-checks.ts';
import { ruleOf } from '../checks/check.ts';
import { buildErrorCatalog, type ErrorCatalog } from '../checks/error-catalog.ts';
import { ConfigError, isConfigError } from '../config-error.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import type { Expectation } from '../model/outcome.ts';
import { observeResponse } from '../observation/observe-response.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import { loadCommonErrors } from '../spec/load-spec.ts';
import { judgeExchange } from './judge-exchange.ts';

/** An answer to judge, as a handler or an HTTP client got it: its status, headers (any letter case) and body text. */
export interface AnswerToJudge {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: string | undefined;
  /**
   * Whether the same answer comes each time the case is sent (an answer of your own code). A 500 InternalFailure or 503
   * ServiceUnavailable (common errors that ask to try again) is then a failure of `noServerErrors`, as in a run that sent
   * the case again and got it again; without it, such an answer is a warning, as one a real service gives now and then.
   */
  readonly everyTime?: boolean | undefined;
}

/** One rule an answer broke (or, for a warning-only check such as clientCompatibility, warned of). */
export interface AnswerFinding {
  /** The check's name, as reports give it, e.g. `exceptionTypeConformance`. */
  readonly check: string;
  readonly severity: 'failure' | 'warning';
  /** The documented rule, as the operation's spec states it. */
  readonly rule: string;
  readonly expected: string;
  readonly observed: string;
}

/** What {@link judgeAnswer} found. */
export interface AnswerVerdict {
  /** The answers the documentation allows for the case against the state (what `expectOutcomes` gives). */
  readonly expectation: Expectation;
  /** Whether no rule failed: the answer is one a conforming server may give (warnings do not count). */
  readonly allowed: boolean;
  /** Each rule the answer broke or warned of, failures first; empty for an answer every check passed. */
  readonly findings: readonly AnswerFinding[];
}

const errorCatalogs = new WeakMap<OperationSpec, ErrorCatalog>();

const catalogOf = (spec: OperationSpec): ErrorCatalog => buildErrorCatalog(spec, loadCommonErrors());

/**
 * Judges one answer to one case as a conformance run judges it: by every check of the answer itself (its status, its error
 * type in each place a client reads one, its shape, and the outcome the documentation allows against `context.state`, under
 * every reading `context.profile` accepts). The checks that need more than one answer (what a delete did, repeats, state
 * sequences) do not run here: for them, run `runConformance` against your handler (`createHandlerTarget`). A case drawn
 * from `propertyCaseArbitrary` or `coverageCases` is judged as such; a case of your own needs only its `body`. `allowed` is
 * false only for a failure: an answer that asks to try again is a warning (a 500 InternalFailure, a 503 ServiceUnavailable)
 * or nothing at all (a ThrottlingException), as a run judges one it got once; give `everyTime: true` for an answer of your
 * own code, which comes again each time, and such a 5xx fails.
 *
 * @example
 * const testCase = fc.sample(propertyCaseArbitrary(spec, 'invalid', { fixture }), 1)[0]!;
 * const verdict = judgeAnswer(spec, testCase, { status: 200, body: '{}' }, { state: WorkMailState.fromFixture(fixture), profile: 'documented' });
 * verdict.allowed; // false: an invalid input got a success
 * verdict.findings[0]?.check; // 'negativeDataRejection'
 */
export function judgeAnswer(spec: OperationSpec, testCase: Pick<Case, 'body'> & Partial<Case>, answer: AnswerToJudge, context: OracleContext): AnswerVerdict {
  const expectation = expectationFor(spec, testCase, context);
  if (typeof answer !== 'object' || answer === null) {
    throw new ConfigError(`judgeAnswer: answer: expected an object ({ status, headers, body }), got ${describeValue(answer)}`);
  }
  OptionChecker.of('judgeAnswer: answer', answer).only(['status', 'headers', 'body', 'everyTime']).integer('status', 100, 599, true).string('body').object('headers').boolean('everyTime');
  const prototype: unknown = answer.headers === undefined ? null : Object.getPrototypeOf(answer.headers);
  if (prototype !== null && prototype !== Object.prototype) {
    // A fetch Response's Headers (or a Map) has no own keys: read as a plain object, every header would be lost.
    throw new ConfigError('judgeAnswer: answer: headers: expected a plain object of strings; for a fetch Response give Object.fromEntries(response.headers)');
  }
  for (const [name, value] of Object.entries(answer.headers ?? {})) {
    if (typeof value !== 'string') throw new ConfigError(`judgeAnswer: answer: headers.${name}: expected a string, got ${describeValue(value)}`);
  }
  const judgedCase: Case = {
    operation: spec.operation,
    phase: testCase.phase ?? 'property',
    description: testCase.description ?? 'a case of your own',
    body: testCase.body,
    violation: testCase.violation ?? null,
  };
  const observed = observeResponse({ status: answer.status, headers: answer.headers ?? {}, body: answer.body ?? '' }, 0);
  // As a run records an answer it got again each time it sent the case again (up to 3 times).
  const observation = answer.everyTime === true && observed.status >= 500 ? { ...observed, retriedAfter: Array.from({ length: 3 }, () => observed.errorType ?? `HTTP ${observed.status}`) } : observed;
  const errors = getOrInsertComputed(errorCatalogs, spec, catalogOf);
  const verdict = judgeExchange(allChecks, { spec, testCase: judgedCase, expectation, observation, errors, effect: undefined });
  const findings: AnswerFinding[] = [];
  // A failure-severity check may only warn (a 5xx that asks to try again, got once): the result says which it is.
  for (const status of ['fail', 'warn'] as const) {
    for (const { check, result } of verdict.outcomes) {
      if (result.status !== status) continue;
      const severity = status === 'fail' && check.severity === 'failure' ? 'failure' : 'warning';
      findings.push({ check: check.name, severity, rule: ruleOf(check, spec), expected: result.expected, observed: result.observed });
    }
  }
  return { expectation, allowed: !verdict.failed, findings };
}

/** {@link expectOutcomes}, its errors naming `judgeAnswer`, which the caller called. */
function expectationFor(spec: OperationSpec, testCase: Pick<Case, 'body'>, context: OracleContext): Expectation {
  try {
    return expectOutcomes(spec, testCase, context);
  } catch (error) {
    if (isConfigError(error)) throw new ConfigError(error.message.replace(/^expectOutcomes\b/, 'judgeAnswer'));
    throw error;
  }
}
