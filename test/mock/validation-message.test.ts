import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxMessageLength, validationMessage } from '../../src/mock/validation-message.ts';
import { codePointLength } from '../../src/spec/constraints.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';

const member = loadOperationSpecs().flatMap((spec) => Object.values(spec.input)).find((candidate) => candidate.pattern !== undefined)!;

/** The message's cut as a reader of code points makes it: the first `limit - 3` code points and '...', where it is longer. */
function cutByCodePoints(text: string, limit: number): string {
  const codePoints = Array.from(text);
  return codePoints.length <= limit ? text : `${codePoints.slice(0, limit - 3).join('')}...`;
}

describe('validation messages of the mock', () => {
  it('quote a long value by its first 45 code points, astral ones whole, and stay within the message limit', () => {
    const message = validationMessage([{ member: 'EntityId', spec: member, value: '😀'.repeat(100), constraints: ['length', 'pattern'] }]);

    expect(message).toContain(`'${'😀'.repeat(45)}...'`);
    expect(codePointLength(message)).toBeLessThanOrEqual(maxMessageLength);
  });

  it('cut every value and the whole message where a count of code points cuts them', () => {
    const unit = fc.constantFrom('a', '😀', '\ud83d', 'é', '!');
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 120 }), { minLength: 1, maxLength: 6 }), (values) => {
        const issues = values.map((value, index) => ({ member: `Member${index}`, spec: member, value, constraints: ['pattern'] as const }));
        const parts = values.map((value, index) => `Value '${cutByCodePoints(value, 48)}' at 'member${index}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${member.pattern}`);
        const whole = `${values.length} validation error${values.length === 1 ? '' : 's'} detected: ${parts.join('; ')}`;

        expect(validationMessage(issues)).toBe(cutByCodePoints(whole, maxMessageLength));
      }),
      { seed: 9, numRuns: 300 },
    );
  });
});
