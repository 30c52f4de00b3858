/** The vitest integration: `import { describeConformance } from 'workmail-conformance/vitest'`. */
export { checkFailureMessage, describeConformance, type ConformanceSuiteOptions } from './describe-conformance.ts';
