import type { Check } from './check.ts';
import { clientCompatibility } from './client-compatibility.ts';
import { deleteEffect } from './delete-effect.ts';
import { errorResponseShape } from './error-response-shape.ts';
import { exceptionTypeConformance } from './exception-type-conformance.ts';
import { idempotency } from './idempotency.ts';
import { negativeDataRejection } from './negative-data-rejection.ts';
import { noServerErrors } from './no-server-errors.ts';
import { positiveDataAcceptance } from './positive-data-acceptance.ts';
import { responseReceived } from './response-received.ts';
import { responseTime } from './response-time.ts';
import { stateConformance } from './state-conformance.ts';
import { stateSequence } from './state-sequence.ts';
import { statusCodeConformance } from './status-code-conformance.ts';
import { successResponse } from './success-response.ts';

/**
 * Every check, in the order reports list them: what `runConformance` runs unless given `checks`.
 *
 * @example
 * await runConformance({ target, checks: allChecks.filter((check) => check.name !== 'responseTime') });
 */
export const allChecks: readonly Check[] = [
  negativeDataRejection,
  positiveDataAcceptance,
  statusCodeConformance,
  exceptionTypeConformance,
  successResponse,
  errorResponseShape,
  stateConformance,
  noServerErrors,
  responseTime,
  responseReceived,
  idempotency,
  deleteEffect,
  stateSequence,
  clientCompatibility,
];
