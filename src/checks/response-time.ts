import { describeObservation } from '../observation/describe-observation.ts';
import { fail, pass, type Check } from './check.ts';

/**
 * The target answers every request within the run's timeout (`--timeout`).
 *
 * @example
 * responseTime.run(input).status; // 'fail' when a target hangs
 */
export const responseTime: Check = {
  name: 'responseTime',
  rule: 'Every request gets an answer within the timeout (--timeout, default 10 s).',
  severity: 'failure',
  judgesTransientAnswers: true,
  shrinkable: false,
  run({ observation }) {
    return observation.kind === 'timeout' ? fail(`an answer within ${observation.timeoutMs} ms`, describeObservation(observation)) : pass;
  },
};
