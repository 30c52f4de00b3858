/** The vitest integration: `import { describeConformance } from 'workmail-conformance/vitest'`. */
export { checkFailureMessage, checkSkipReason, checkWarningMessage, describeConformance, type ConformanceSuiteOptions } from './describe-conformance.ts';
