/**
 * fast-check arbitraries built from operation specs: valid and labelled invalid inputs, strings that do not match a pattern,
 * and small deterministic coverage lists. Operation and member names are read from the specs, never written here.
 */
export { memberValue } from './member-value.ts';
export { validInput, type ValidInputConstraints } from './valid-input.ts';
export { invalidInput, type InvalidInput, type InvalidInputConstraints } from './invalid-input.ts';
export { generatedInput, type GeneratedInputConstraints } from './generated-input.ts';
export { stringNotMatching, type StringNotMatchingConstraints } from './string-not-matching.ts';
export { validCoverageValues, type CoverageValue } from './valid-coverage-values.ts';
export { invalidCoverageValues, type InvalidCoverageValue } from './invalid-coverage-values.ts';
export type { InvalidFamily } from './_internals/invalid-kind.ts';
export { foreignCharacterCoverageValues } from './foreign-character-coverage-values.ts';
export { searchOnlyCoverageValues } from './search-only-coverage-values.ts';
