import type { Entity, Organization } from '../fixture/fixture-schema.ts';
import type { WorkMailState } from '../fixture/workmail-state.ts';

/** A request that passed validation and whose organization and entities were found in a good state. */
export interface ResolvedRequest {
  readonly state: WorkMailState;
  readonly input: Readonly<Record<string, unknown>>;
  readonly organization: Organization;
  /** The entity an entity-referring member named; `undefined` when that optional member was absent. */
  entity(member: string): Entity | undefined;
}

/** The output object of an operation (items of a paginated operation in full: the router pages them), or `undefined` for an empty 200. */
export type OperationOutput = Readonly<Record<string, unknown>> | undefined;

/**
 * What one operation does to the mock's state once its checks have passed; validation, lookups, errors and
 * pagination are the router's job, driven by the operation's spec.
 */
export interface MockOperationSemantics {
  readonly operation: string;
  apply(request: ResolvedRequest): OperationOutput;
}

/**
 * The entity an operation file expects the router to have resolved, or a thrown programming error naming the member.
 *
 * @example
 * const grantee = requireEntity(request, 'GranteeId');
 */
export function requireEntity(request: ResolvedRequest, member: string): Entity {
  const entity = request.entity(member);
  if (entity === undefined) throw new Error(`mock: member ${member} was not resolved to an entity; check the spec's precedence.order`);
  return entity;
}
