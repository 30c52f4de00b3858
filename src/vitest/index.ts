/** The vitest integration: `import { describeConformance } from 'workmail-conformance/vitest'`. */
export { describeConformance, type ConformanceSuiteOptions } from './describe-conformance.ts';
