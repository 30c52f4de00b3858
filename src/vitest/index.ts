/** The vitest integration: `import { describeConformance } from 'workmail-conformance/vitest'`. */
export { checkFailureMessage, checkSkipReason, describeConformance, type ConformanceSuiteOptions } from './describe-conformance.ts';
