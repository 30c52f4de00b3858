import { describe, expect, it } from 'vitest';
import { fail, pass, skip, type Check, type CheckInput } from '../../src/checks/check.ts';
import { judgeExchange } from '../../src/verdict/judge-exchange.ts';

function check(name: string, result: (input: CheckInput) => ReturnType<Check['run']>, options: Partial<Pick<Check, 'severity' | 'judgesTransientAnswers'>> = {}): Check {
  return { name, rule: `${name} holds`, severity: options.severity ?? 'failure', ...(options.judgesTransientAnswers === undefined ? {} : { judgesTransientAnswers: options.judgesTransientAnswers }), run: result };
}

/** An input whose observation is a 400 of `errorType`; only the error catalog's classification is read by judgeExchange itself. */
function inputAnswering(errorType: string | undefined): CheckInput {
  return {
    observation: { kind: 'response', status: errorType === undefined ? 200 : 400, headers: {}, body: '', errorType, errorTypeSource: undefined, message: undefined, latencyMs: 1 },
    errors: { classify: (type: string) => ({ transient: type === 'ThrottlingException' }) },
  } as unknown as CheckInput;
}

describe('judgeExchange', () => {
  const passing = check('passing', () => pass);
  const skipping = check('skipping', () => skip);
  const failing = check('failing', () => fail('a 400', 'a 200'));
  const warning = check('warning', () => fail('a 400', 'a 200'), { severity: 'warning' });
  const judgesThrottles = check('judgesThrottles', () => pass, { judgesTransientAnswers: true });
  const checks = [passing, skipping, failing, warning, judgesThrottles];

  it('gives each check its own result, in order, and fails only on a failed failure-severity check, the same on every exchange', () => {
    for (let round = 0; round < 3; round += 1) {
      const verdict = judgeExchange(checks, inputAnswering(undefined));
      expect(verdict.outcomes.map(({ check: judged, result }) => [judged.name, result.status])).toEqual([
        ['passing', 'pass'],
        ['skipping', 'skip'],
        ['failing', 'fail'],
        ['warning', 'fail'],
        ['judgesThrottles', 'pass'],
      ]);
      expect(verdict.failed).toBe(true);
      expect(verdict.transient).toBeUndefined();
    }
    expect(judgeExchange([passing, skipping, warning], inputAnswering(undefined)).failed).toBe(false);
  });

  it('judges an answer that only asks to try again by the checks of its form alone, the others skipped', () => {
    const verdict = judgeExchange(checks, inputAnswering('ThrottlingException'));
    expect(verdict.outcomes.map(({ check: judged, result }) => [judged.name, result.status])).toEqual([
      ['passing', 'skip'],
      ['skipping', 'skip'],
      ['failing', 'skip'],
      ['warning', 'skip'],
      ['judgesThrottles', 'pass'],
    ]);
    expect(verdict).toMatchObject({ failed: false, transient: 'ThrottlingException' });
  });

  it('keeps the outcomes of one list of checks apart from another list holding the same checks in another order', () => {
    judgeExchange(checks, inputAnswering(undefined));
    const reversed = [...checks].reverse();
    const verdict = judgeExchange(reversed, inputAnswering(undefined));
    expect(verdict.outcomes.map(({ check: judged }) => judged)).toEqual(reversed);
  });
});
