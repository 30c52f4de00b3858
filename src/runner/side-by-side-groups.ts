import type { OperationSpec } from '../spec/spec-schema.ts';

/** Whether one operation's deletes may change what the other looks up or deletes (each spec says what it reads and deletes). */
function touchesStateOf(deleting: Pick<OperationSpec, 'effect'>, other: Pick<OperationSpec, 'effect' | 'referents'>): boolean {
  const deleted = deleting.effect.resource;
  return deleted === other.effect.resource || Object.keys(other.referents).includes(deleted);
}

/**
 * The operations of a run in groups that can run side by side: no operation's delete changes what an operation of another
 * group looks up or deletes (its referents, its resource kind), so neither its oracle nor its read-backs can see the other
 * group's cases. Each group keeps the run's order, and the groups are ordered by their first operation.
 *
 * @example
 * sideBySideGroups([deleteMailboxPermissions, deletePersonalAccessToken]).length; // 2: permissions and tokens are apart
 * sideBySideGroups([deletePersonalAccessToken, myOtherTokenDelete]).length; // 1: both delete personal access tokens
 */
export function sideBySideGroups<Spec extends Pick<OperationSpec, 'effect' | 'referents'>>(specs: readonly Spec[]): Spec[][] {
  const inRunOrder = (left: Spec, right: Spec) => specs.indexOf(left) - specs.indexOf(right);
  let groups: Spec[][] = [];
  for (const spec of specs) {
    // The groups this spec touches merge with it into one.
    const related = groups.filter((group) => group.some((member) => touchesStateOf(member, spec) || touchesStateOf(spec, member)));
    const merged = [...related.flat(), spec].sort(inRunOrder);
    groups = [...groups.filter((group) => !related.includes(group)), merged].sort((left, right) => inRunOrder(left[0] as Spec, right[0] as Spec));
  }
  return groups;
}
