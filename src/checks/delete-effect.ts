import { describeObservation } from '../observation/describe-observation.ts';
import { fail, pass, skip, type Check } from './check.ts';

/**
 * A delete does what its answer says, as the List operation of its resource kind shows right after it: after a success,
 * exactly the named record is gone and nothing else changed; after an error or a delete of something absent, nothing changed.
 *
 * @example
 * deleteEffect.run(input).status; // 'fail' when a successful DeleteMailboxPermissions left the permission in place
 */
export const deleteEffect: Check = {
  name: 'deleteEffect',
  rule: 'After a successful delete exactly the named record is gone and nothing else changed (other grantees, the mirror permission, other organizations); after an error or an absent delete nothing changed.',
  ruleFor: (spec) =>
    `After a successful ${spec.operation} exactly the named ${spec.resourceKind.name} is gone and nothing else changed, in any organization (read with ${spec.resourceKind.list?.operation ?? 'no List operation'}); after an error or an absent delete nothing changed.`,
  severity: 'failure',
  // A failure depends on what earlier deletes left: replaying a shrunk input against a changed target proves nothing.
  shrinkable: false,
  judgesReadBack: true,
  run({ effect, observation }) {
    if (effect === undefined) return skip;
    // Nothing else changed, but whether the record itself went was not seen: no pass, and no delete read back.
    if (effect.differences.length === 0) return effect.effectNotRead === true ? skip : pass;
    return fail(effect.expected, `after ${describeObservation(observation)}: ${effect.differences.join('; ')}`);
  },
};
