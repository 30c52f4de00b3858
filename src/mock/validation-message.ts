import { codePointLength } from '../spec/constraints.ts';
import { memberLength, type MemberConstraintKind } from './member-constraints.ts';
import type { SupportingMemberSpec } from './supporting-spec-schema.ts';

/** One member that broke constraints, with its value, as the mock reports it. */
export interface MemberIssue {
  readonly member: string;
  readonly spec: SupportingMemberSpec;
  readonly value: unknown;
  readonly constraints: readonly MemberConstraintKind[];
}

/** The most code points an awsJson error Message carries (WorkMail's error shapes allow 0..256). */
export const maxMessageLength = 256;
const maxValueExcerpt = 48;

function truncate(text: string, limit: number): string {
  // A string has no more code points than UTF-16 units: most messages and values need no count at all.
  if (text.length <= limit || codePointLength(text) <= limit) return text;
  let end = 0;
  for (let kept = 0; kept < limit - 3; kept += 1) end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  return `${text.slice(0, end)}...`;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${truncate(text, maxValueExcerpt)}'`;
}

function bound(kind: 'length' | 'value', actual: number, bounds: { readonly min: number; readonly max: number }): string {
  return actual < bounds.min
    ? `Member must have ${kind} greater than or equal to ${bounds.min}`
    : `Member must have ${kind} less than or equal to ${bounds.max}`;
}

function describeConstraint(issue: MemberIssue, kind: MemberConstraintKind): string {
  const { spec, value } = issue;
  switch (kind) {
    case 'required':
      return 'Member must not be null';
    case 'type':
      return `Member must be of type ${spec.type}`;
    case 'length':
      return spec.type === 'integer' || spec.length === undefined ? 'Member must satisfy its length constraint' : bound('length', memberLength(value), spec.length);
    case 'pattern':
      return spec.type === 'string' && spec.pattern !== undefined ? `Member must satisfy regular expression pattern: ${spec.pattern}` : 'Member must satisfy its pattern';
    case 'range':
      return spec.type === 'integer' && spec.range !== undefined && typeof value === 'number' ? bound('value', value, spec.range) : 'Member must satisfy its range';
    case 'enum':
      return spec.type === 'list' ? `Member must satisfy constraint: [Member must satisfy enum value set: [${spec.member.enum.join(', ')}]]` : 'Member must satisfy its enum';
  }
}

/**
 * The AWS-style validation message for broken members, at most {@link maxMessageLength} code points long.
 *
 * @example
 * validationMessage([{ member: 'EntityId', spec, value: 'x!', constraints: ['pattern'] }]);
 * // "1 validation error detected: Value 'x!' at 'entityId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9._%+@-]+"
 */
export function validationMessage(issues: readonly MemberIssue[]): string {
  const parts: string[] = [];
  for (const issue of issues) {
    for (const kind of issue.constraints) {
      parts.push(`Value ${describeValue(issue.value)} at '${lowerFirst(issue.member)}' failed to satisfy constraint: ${describeConstraint(issue, kind)}`);
    }
  }
  const count = parts.length;
  return truncate(`${count} validation error${count === 1 ? '' : 's'} detected: ${parts.join('; ')}`, maxMessageLength);
}

/**
 * The message for members of the wrong JSON type, as a deserialiser reports it.
 *
 * @example
 * serializationMessage([{ member: 'EntityId', spec, value: 5, constraints: ['type'] }]); // "Expected a string for 'EntityId', got number"
 */
export function serializationMessage(issues: readonly MemberIssue[]): string {
  const parts = issues.map((issue) => {
    const actual = issue.value === null ? 'null' : Array.isArray(issue.value) ? 'array' : typeof issue.value;
    return `Expected ${issue.spec.type === 'integer' ? 'an' : 'a'} ${issue.spec.type} for '${issue.member}', got ${actual}`;
  });
  return truncate(parts.join('; '), maxMessageLength);
}
