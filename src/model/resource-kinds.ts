import type { OperationSpec } from '../spec/spec-schema.ts';

/**
 * The resource kinds the specs declare can be put back after a delete (`resourceKind.restorable`), for live runs that
 * delete only what they can restore; a kind some spec declares not restorable is left out.
 *
 * @example
 * restorableKinds(loadOperationSpecs()); // Set { 'mailboxPermission' }
 */
export function restorableKinds(specs: readonly Pick<OperationSpec, 'resourceKind'>[]): ReadonlySet<string> {
  const restorable = new Set<string>();
  const notRestorable = new Set<string>();
  for (const { resourceKind } of specs) (resourceKind.restorable ? restorable : notRestorable).add(resourceKind.name);
  for (const kind of notRestorable) restorable.delete(kind);
  return restorable;
}
