import { caseInput, type Case } from '../cases/case.ts';
import type { Fixture } from '../fixture/fixture-schema.ts';
import { freshRandomForm } from '../model/fresh-random-identifier.ts';
import { validateInput, type ConstraintSemantics } from '../spec/constraints.ts';
import type { MemberSpec, OperationSpec, ReferentKind } from '../spec/spec-schema.ts';
import { heldElsewhere } from './read-named-resource.ts';

/** The resource a delete request could remove, named by the values the request gives (IDs, names or email addresses). */
export interface NamedResource {
  readonly kind: ReferentKind;
  readonly organizationId: string;
  /** The resource's key fields (as the spec's `effect.keys` names them) with the request's values. */
  readonly keys: Readonly<Record<string, string>>;
}

/**
 * What a live run must do before sending a case: send it as is (it cannot delete anything), read the resource it names
 * first and send it only if the read shows that resource absent, or hold it back (it may delete something no read can name).
 */
export type LiveSendPlan =
  | { readonly kind: 'inert'; readonly reason: string }
  | { readonly kind: 'readFirst'; readonly resource: NamedResource; readonly reason: string }
  | {
      readonly kind: 'holdBack';
      /** `existing`: what it names exists in an organization the run read; `notVerifiable`: no read can say what it would delete. */
      readonly category: 'existing' | 'notVerifiable';
      readonly reason: string;
    };

/** Options of {@link planLiveSend}. */
export interface LiveSendPlanOptions {
  /** Every organization the run read or was told of; any identifier in them is "seen", so never a fresh random one. */
  readonly known: readonly Fixture[];
  readonly semantics: ConstraintSemantics;
}

/** Every identifier the known fixtures name, in lower case. */
function seenIdentifiers(fixtures: readonly Fixture[]): Set<string> {
  const seen = new Set<string>();
  const add = (value: string | undefined) => value !== undefined && seen.add(value.toLowerCase());
  for (const fixture of fixtures) {
    for (const organization of fixture.organizations) {
      add(organization.id);
      for (const entity of organization.entities) [entity.id, entity.name, entity.email].forEach(add);
      for (const permission of organization.mailboxPermissions) [permission.entityId, permission.granteeId].forEach(add);
      for (const token of organization.personalAccessTokens) [token.id, token.userId].forEach(add);
    }
  }
  return seen;
}

/** A string member as a lax server might read it: trimmed of white space and NULs, a number or boolean as its text. */
function laxText(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' ? value.replace(/^[\s\0]+|[\s\0]+$/g, '') : value;
}

/**
 * The input a server could act on: the input itself when valid; else the input as a lax server might read it (trimmed, then
 * also lower-cased) if that is valid; else `undefined`, when no such reading is valid and input validation rejects it.
 */
function actionableInput(spec: OperationSpec, input: Readonly<Record<string, unknown>>, semantics: ConstraintSemantics): Readonly<Record<string, unknown>> | undefined {
  if (validateInput(spec, input, semantics).length === 0) return input;
  const trimmed = Object.fromEntries(Object.entries(input).map(([member, value]) => [member, laxText(value)]));
  if (validateInput(spec, trimmed, semantics).length === 0) return trimmed;
  const folded = Object.fromEntries(Object.entries(trimmed).map(([member, value]) => [member, typeof value === 'string' ? value.toLowerCase() : value]));
  return validateInput(spec, folded, semantics).length === 0 ? folded : undefined;
}

/** The high-entropy form of a value no read of the run has seen, lower-cased as a lookup may read it. */
function unseenRandomForm(member: MemberSpec, value: string, seen: ReadonlySet<string>): string | undefined {
  const lower = value.toLowerCase();
  return seen.has(lower) ? undefined : freshRandomForm(member.forms, lower);
}

/**
 * What a case whose organization member alone fails validation (however read) names in every organization: the resource its
 * other members name, as a server that neither validates the organization nor uses it would find it. `undefined` where the
 * other members fail validation too, or name no complete resource.
 */
function namedInAnyOrganization(spec: OperationSpec, input: Readonly<Record<string, unknown>>, organizationMember: string, options: LiveSendPlanOptions): NamedResource | undefined {
  // Any organization ID that passes validation stands in for the invalid one: only the other members are read.
  const standIn = options.known.flatMap((fixture) => fixture.organizations)[0]?.id;
  if (standIn === undefined) return undefined;
  const actionable = actionableInput(spec, { ...input, [organizationMember]: standIn }, options.semantics);
  if (actionable === undefined) return undefined;
  const keys = resourceKeys(spec, actionable);
  if (keys === undefined) return undefined;
  const given = input[organizationMember];
  return { kind: spec.effect.resource, organizationId: given === undefined ? '(none)' : JSON.stringify(given), keys };
}

/** The key fields of the spec's resource with the input's values, or `undefined` where a key member is not a string. */
function resourceKeys(spec: OperationSpec, input: Readonly<Record<string, unknown>>): Record<string, string> | undefined {
  const keys: Record<string, string> = {};
  for (const [field, member] of Object.entries(spec.effect.keys)) {
    const value = input[member];
    if (typeof value !== 'string') return undefined;
    keys[field] = value;
  }
  return keys;
}

/**
 * Plans how a live run may send a delete case. A case is inert when its body is not a JSON object, when no reading of its
 * input (as sent, trimmed, lower-cased) passes input validation, or when it names an organization or entity by a fresh
 * random high-entropy identifier (one no read of the run has seen): nothing can exist under it (an organization only where
 * its keys name nothing seen either). A case whose organization alone fails validation is held back where its other members
 * name what an organization the run read holds: a server that checks no organization would delete it there. A valid case
 * that names no complete resource is held back. Every other case names a resource that may exist, so it must be read first.
 *
 * @example
 * const plan = planLiveSend(spec, testCase, { known: [discovered], semantics: defaultSemantics });
 * plan.kind; // 'readFirst' for { OrganizationId: 'm-0f1e…', EntityId: 'alice', GranteeId: 'sales' }
 */
export function planLiveSend(spec: OperationSpec, testCase: Case, options: LiveSendPlanOptions): LiveSendPlan {
  const input = caseInput(testCase);
  if (input === undefined) return { kind: 'inert', reason: 'the body is not a JSON object' };
  // What a tolerant lookup deletes is the record it nearly names, which a read of what the case names cannot show.
  if (testCase.nearMissOf !== undefined) {
    return { kind: 'holdBack', category: 'existing', reason: `a near miss of ${testCase.nearMissOf}, which a target whose lookup is tolerant would delete, and no read of what the case names shows that` };
  }
  const seen = seenIdentifiers(options.known);
  const keyMembers = Object.values(spec.effect.keys);
  // Whether the keys name something the run has seen (in any organization): then a fresh random organization does not make
  // the case inert, since a server that ignores the OrganizationId would delete the token or permission they name in the
  // organization that holds it.
  const namesSeen = (candidate: Readonly<Record<string, unknown>>) =>
    keyMembers.some((member) => {
      const value = laxText(candidate[member]);
      return typeof value === 'string' && seen.has(value.toLowerCase());
    });
  const organizationMember = Object.keys(spec.input).find((member) => spec.input[member]?.refersTo === 'organization');
  const actionable = actionableInput(spec, input, options.semantics);
  if (actionable === undefined) {
    const named = organizationMember === undefined ? undefined : namedInAnyOrganization(spec, input, organizationMember, options);
    const heldBy = named === undefined ? undefined : heldElsewhere(named, options.known);
    if (named !== undefined && heldBy !== undefined) {
      return { kind: 'holdBack', category: 'existing', reason: `its ${organizationMember} fails validation, but the rest names ${heldBy}, which a server that checks no ${organizationMember} would delete` };
    }
    return { kind: 'inert', reason: 'input validation rejects it even when trimmed and lower-cased' };
  }
  const organizationChecked = organizationMember === undefined || namesSeen(actionable) ? [] : [organizationMember];
  for (const member of [...organizationChecked, ...keyMembers]) {
    const memberSpec = spec.input[member];
    const value = actionable[member];
    if (memberSpec === undefined || typeof value !== 'string') continue;
    const form = unseenRandomForm(memberSpec, value, seen);
    if (form !== undefined) return { kind: 'inert', reason: `${member} is a fresh random ${form} ID: nothing exists under it` };
  }
  const organizationId = organizationMember === undefined ? undefined : actionable[organizationMember];
  const keys = resourceKeys(spec, actionable);
  // Valid input that names no complete resource (a user's spec with no organization member, or an optional key member
  // left out) may still delete something, and no read can say what: it is never sent.
  if (typeof organizationId !== 'string' || keys === undefined) {
    return { kind: 'holdBack', category: 'notVerifiable', reason: `it names no complete ${spec.effect.resource} (an organization and ${keyMembers.join(', ')}), so no read can show what it would delete` };
  }
  const resource: NamedResource = { kind: spec.effect.resource, organizationId, keys };
  return { kind: 'readFirst', resource, reason: `it names ${describeNamedResource(resource)}, which may exist` };
}

/**
 * A short text for a named resource, e.g. `mailboxPermission entityId=alice granteeId=sales in m-0f1e…`.
 *
 * @example
 * describeNamedResource({ kind: 'personalAccessToken', organizationId: 'm-1', keys: { id: 't' } }); // 'personalAccessToken id=t in m-1'
 */
export function describeNamedResource(resource: NamedResource): string {
  return `${resource.kind} ${Object.entries(resource.keys).map(([field, value]) => `${field}=${value}`).join(' ')} in ${resource.organizationId}`;
}
