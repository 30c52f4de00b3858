import { z } from 'zod';
import { parseWithSchema } from '../load-json-file.ts';

/** How the mock answers the points the documentation leaves open (see the specs' `openPoints`). */
export const mockReadingsSchema = z
  .object({
    /** Open point `constraint-violation-error`: the error type for a required, length, pattern, range or enum violation. */
    constraintViolation: z.enum(['InvalidParameterException', 'ValidationException']),
    /** Open point `wrong-type-error`: the error type for a member of the wrong JSON type. */
    wrongType: z.enum(['InvalidParameterException', 'SerializationException']),
    /** Open point `deleted-organization`: the error for an organization in state `Deleted`. */
    deletedOrganization: z.enum(['OrganizationStateException', 'OrganizationNotFoundException']),
    /** Open point `disabled-entity`: whether a DISABLED entity or grantee is refused or accepted. */
    disabledEntity: z.enum(['EntityStateException', 'success']),
  })
  .strict();

/** The readings of the open points that the mock answers by. */
export type MockReadings = z.infer<typeof mockReadingsSchema>;

/** The documented reading of every open point: what the documentation pages name first. */
export const defaultReadings: MockReadings = Object.freeze({
  constraintViolation: 'InvalidParameterException',
  wrongType: 'InvalidParameterException',
  deletedOrganization: 'OrganizationStateException',
  disabledEntity: 'EntityStateException',
});

/** The organization state that the `deletedOrganization` reading is about, as DescribeOrganization reports it. */
export const deletedOrganizationState = 'Deleted';

/** The entity state that the `disabledEntity` reading is about. */
export const disabledEntityState = 'DISABLED';

/**
 * Completes partial readings with the defaults, rejecting unknown values with a one-line error.
 *
 * @example
 * resolveReadings({ constraintViolation: 'ValidationException' }).wrongType; // 'InvalidParameterException'
 */
export function resolveReadings(readings: Partial<MockReadings> = {}): MockReadings {
  return parseWithSchema(mockReadingsSchema, { ...defaultReadings, ...readings }, 'createWorkMailMock: readings');
}
