import { fail, pass, skip, type Check } from './check.ts';

/**
 * In a sequence of deletes, puts and lists, each answer is one the model allows in the state the earlier answers left, and
 * each list shows exactly the records the model holds there (judged in the stateful phase only). A Put is no operation
 * under test: where its answer is not one the model allows, the phase gives this check a warning, not a failure; so it
 * does for a failing sequence that shrinks to no delete of the operation.
 *
 * @example
 * stateSequence.run({ ...input, sequenceStep: { expected: '200 listing []', observed: '200 listing [{…}]', allowed: false } }).status; // 'fail'
 */
export const stateSequence: Check = {
  name: 'stateSequence',
  rule: 'In any sequence of deletes, puts, lists and repeated deletes, each answer is one the model allows in the state the earlier answers left, and each list shows exactly the records the model holds (a put answered otherwise is a warning, and the sequence is not judged past it).',
  ruleFor: (spec) =>
    `In any sequence of ${[spec.operation, spec.resourceKind.put?.operation, spec.resourceKind.list?.operation].filter((name) => name !== undefined).join(', ')} and repeated deletes, each answer is one the model allows in the state the earlier answers left, and each ${spec.resourceKind.list?.operation ?? 'list'} shows exactly the ${spec.resourceKind.name} records the model holds${spec.resourceKind.put === undefined ? '' : ` (a ${spec.resourceKind.put.operation} answered otherwise is a warning, and the sequence is not judged past it)`}.`,
  severity: 'failure',
  run({ sequenceStep }) {
    if (sequenceStep === undefined) return skip;
    return sequenceStep.allowed ? pass : fail(sequenceStep.expected, sequenceStep.observed);
  },
};
