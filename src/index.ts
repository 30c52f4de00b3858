/**
 * workmail-conformance: checks whether a server honours the documented contract of Amazon WorkMail's
 * DeletePersonalAccessToken and DeleteMailboxPermissions. The pipeline, in the order data flows:
 * spec → arbitraries → cases → target → observation → checks → verdict → report.
 */

// spec: the machine-readable contracts and the one definition of constraint semantics
export { loadOperationSpec, loadOperationSpecs, loadCommonErrors, findOperationSpec } from './spec/load-spec.ts';
export type { SpecNamed } from './spec/find-operation-spec.ts';
export type {
  DeleteMailboxPermissionsInput,
  DeletePersonalAccessTokenInput,
  MemberValues,
  ShippedOperationInputs,
  ShippedOperationSpec,
  ValidInputOf,
} from './spec/shipped-operation-inputs.ts';
export type { OperationSpec, MemberSpec, IdentifierForm, ErrorSpec, OpenPoint, Profile, CommonErrors } from './spec/spec-schema.ts';
export { operationSpecSchema, commonErrorsSchema } from './spec/spec-schema.ts';
export {
  codePointLength,
  matchesPattern,
  violatedConstraints,
  validateInput,
  defaultSemantics,
  constraintKinds,
  type ConstraintKind,
  type ConstraintSemantics,
  type PatternMatching,
} from './spec/constraints.ts';

// arbitraries: fast-check generators built from the specs
export {
  memberValue,
  validInput,
  invalidInput,
  generatedInput,
  stringNotMatching,
  validCoverageValues,
  invalidCoverageValues,
} from './arbitraries/index.ts';
export type { ValidInputConstraints, InvalidInput, InvalidInputConstraints, GeneratedInputConstraints, StringNotMatchingConstraints, CoverageValue, InvalidCoverageValue, InvalidFamily } from './arbitraries/index.ts';
export type { Violation, GeneratedInput } from './arbitraries/violation.ts';
export type { LetterCase } from './arbitraries/_internals/letter-case.ts';

// cases: what is sent, and what a conforming target may answer
export type { Case, CaseBody } from './cases/case.ts';
export { expectOutcomes, type OracleContext } from './cases/expect-outcomes.ts';
export { evaluateOperation, type Branch, type ModelIssue, type ModelOutcome, type ModelWorld } from './model/work-mail-model.ts';
export { everyReading, everyReadingCombination, oneReading, type ChosenReadings, type ReadingChooser } from './model/readings.ts';
export { restorableKinds } from './model/resource-kinds.ts';
export { defaultReadingsOf, type MockReadings } from './mock/mock-readings.ts';
export type { Expectation, ExpectedOutcome, ResourceEffect } from './model/outcome.ts';
export { coverageCases, type CoverageDepth, type CoverageOptions } from './cases/coverage-cases.ts';
export { propertyCaseArbitrary, type PropertyCaseOptions, type PropertyKind } from './cases/property-cases.ts';

// fixtures: what a target holds
export { fixtureSchema, type Fixture, type FixtureInput } from './fixture/fixture-schema.ts';
export { loadFixture, parseFixture } from './fixture/load-fixture.ts';
export { WorkMailState } from './fixture/workmail-state.ts';

// target: where cases are sent
export type { OneConnectionProbe, Target, TargetRequest } from './target/target.ts';
export { createHttpTarget, type HttpTarget, type HttpTargetOptions } from './target/http-target.ts';
export { createSdkTarget, type SdkTargetOptions } from './target/sdk-target.ts';
export { createHandlerTarget, type HttpHandle } from './target/handler-target.ts';
export { createMswTarget, type MswRequestHandler, type MswTargetOptions } from './target/msw-target.ts';

// the awsJson 1.1 wire format: requests as the kit sends them, answers as a handler mock gives them
export type { HttpRequestMessage, HttpResponseMessage } from './wire/http-message.ts';
export { buildAwsJsonRequest, encodeAwsJsonError, encodeAwsJsonSuccess } from './wire/aws-json.ts';

// observation: the normalised answer, and the awsJson rules for reading it
export type { Observation } from './observation/observation.ts';
export {
  decodeErrorType,
  findErrorTypePlaces,
  readErrorTypeAsBotocore,
  readErrorTypeAsJsSdk,
  sanitizeErrorType,
  sanitizeErrorTypeAsBotocore,
  type ClientReading,
  type DecodedErrorType,
  type ErrorTypeEvidence,
} from './wire/decode-error-type.ts';

// checks and verdict
export { allChecks } from './checks/all-checks.ts';
export type { Check, CheckResult } from './checks/check.ts';
export { judgeAnswer, type AnswerToJudge, type AnswerFinding, type AnswerVerdict } from './verdict/judge-answer.ts';

// runner and report
export { runConformance, type RunOptions, type LiveRunOptions, type RunEvent, type RunPhase, type Exchange } from './runner/run-conformance.ts';
export type { SupportingRequest, SupportingRole, SdkAnswer } from './target/supporting-request.ts';
export type { ConformanceReport, Finding, LiveRunSection, EndComparison, OrganizationDifference } from './report/conformance-report.ts';
export { reporters } from './report/reporters.ts';
export { checkFailureMessage, checkSkipReason, checkWarningMessage, type CheckMessageOptions } from './report/check-messages.ts';
export { verdictCaveats } from './report/verdict.ts';

// live runs against the real service or a stand-in
export type { LiveOptions, LiveConformanceReport } from './live/live-session.ts';
export { isLoss, isLossByRun } from './report/live-safety-problems.ts';

// the reference mock
export { createWorkMailMock, type WorkMailMock, type WorkMailMockOptions } from './mock/create-work-mail-mock.ts';
export { startMockServer, type MockServer, type MockServerOptions } from './mock/start-mock-server.ts';
export { demoFixture, demoIds } from './mock/demo-fixture.ts';

export { ConfigError, isConfigError } from './config-error.ts';
