import fc from 'fast-check';
import { expect, test } from 'vitest';
import { findOperationSpec, invalidInput, loadOperationSpecs, validInput, validateInput } from 'workmail-conformance';

const spec = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions');

test('my validator accepts every documented identifier form and length', () => {
  fc.assert(
    fc.property(validInput(spec), (input) => {
      expect(validateInput(spec, input)).toEqual([]); // replace with your own validator
    }),
  );
});

test('my validator rejects exactly the member each invalid input breaks', () => {
  fc.assert(
    fc.property(invalidInput(spec), ({ input, violation }) => {
      // violation is e.g. { member: 'EntityId', constraints: ['length', 'pattern'] }
      expect(validateInput(spec, input)).toEqual([violation]);
    }),
  );
});
