/** The vitest integration: `import { describeConformance } from 'workmail-conformance/vitest'`. */
export { describeConformance, type ConformanceSuiteOptions } from './describe-conformance.ts';
export { checkFailureMessage, checkSkipReason, checkWarningMessage, type CheckMessageOptions } from '../report/check-messages.ts';
