import { caseInput, type Case } from '../cases/case.ts';
import type { Expectation, ResourceEffect } from '../cases/outcome.ts';
import type { Fixture } from '../fixture/fixture-schema.ts';
import { WorkMailState } from '../fixture/workmail-state.ts';
import type { OperationSpec, ReferentKind } from '../spec/spec-schema.ts';

/** Options of {@link createLiveSendPolicy}. */
export interface LiveSendPolicyOptions {
  /** `--allow-destructive`: without it nothing that may change state is sent. */
  readonly allowDestructive: boolean;
  /** `--allow-org`: the organizations where a destructive run may change state. */
  readonly allowedOrganizations: readonly string[];
  /** Resource kinds the run can put back after deleting them. */
  readonly restorable: ReadonlySet<ReferentKind>;
  /** The fixture the user gave with `--fixture`: a resource that cannot be put back may be deleted only when listed there. */
  readonly userFixture: Fixture | undefined;
}

/** One decision of the policy, with why. */
export interface SendDecision {
  readonly decision: 'send' | 'skip';
  readonly reason: string;
}

function successEffect(expectation: Expectation): ResourceEffect | undefined {
  for (const outcome of expectation.outcomes) if (outcome.kind === 'success' && outcome.effect !== undefined) return outcome.effect;
  return undefined;
}

function organizationOf(spec: OperationSpec, testCase: Case): string | undefined {
  const input = caseInput(testCase);
  const member = Object.entries(spec.input).find(([, memberSpec]) => memberSpec.refersTo === 'organization')?.[0];
  const value = member === undefined ? undefined : input?.[member];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Decides whether a live run may send a case: anything the oracle knows cannot change state is sent; a case that would delete
 * an existing resource, or whose outcome nothing determines (anything might exist), is held back unless the run is destructive
 * and allowed in that organization, and then only when the resource can be put back or the user listed it in `--fixture`.
 *
 * @example
 * const decide = decideLiveSend({ allowDestructive: false, allowedOrganizations: [], restorable: new Set(['mailboxPermission']), userFixture: undefined });
 * decide(spec, testCase, expectation); // { decision: 'skip', reason: 'would delete an existing mailboxPermission …' }
 */
export function decideLiveSend(options: LiveSendPolicyOptions): (spec: OperationSpec, testCase: Case, expectation: Expectation) => SendDecision {
  const listed = options.userFixture === undefined ? undefined : WorkMailState.fromFixture(options.userFixture);
  const allowed = (organizationId: string | undefined) =>
    options.allowDestructive && organizationId !== undefined && options.allowedOrganizations.includes(organizationId);
  return (spec, testCase, expectation) => {
    if (expectation.basis === 'unknownState') {
      const organizationId = organizationOf(spec, testCase);
      if (!allowed(organizationId)) return { decision: 'skip', reason: `nothing is known of what it names (${expectation.reason}): it might delete something` };
      if (!options.restorable.has(spec.effect.resource)) return { decision: 'skip', reason: `state unknown and a ${spec.effect.resource} cannot be put back` };
      return { decision: 'send', reason: `state unknown; allowed in ${organizationId ?? '?'}, restored afterwards` };
    }
    const effect = successEffect(expectation);
    if (effect === undefined) return { decision: 'send', reason: 'changes nothing' };
    const what = `${effect.resource} ${Object.values(effect.keys).join(' / ')}`;
    if (!allowed(effect.organizationId)) return { decision: 'skip', reason: `would delete existing ${what} (needs --allow-destructive --allow-org ${effect.organizationId})` };
    if (options.restorable.has(effect.resource)) return { decision: 'send', reason: `deletes existing ${what}, restored afterwards` };
    if (listed?.resourceExists(effect.resource, effect.organizationId, effect.keys) === true) {
      return { decision: 'send', reason: `deletes existing ${what}, listed in --fixture (cannot be restored)` };
    }
    return { decision: 'skip', reason: `would delete existing ${what}, which cannot be put back: list it in a --fixture file to allow it` };
  };
}
