// Broken mocks with their own input validation, written the way people write a WorkMail mock: a handler that parses the
// body, checks each member with a hand-written rule, answers InvalidParameterException itself, and leaves state to a
// store (here the reference mock's router over specs whose length and pattern are removed, so that it checks nothing the
// hand-written rules decide). Each validator has one realistic bug that breaks no character class: only values made of
// allowed characters in a broken structure, or with a character at an edge, show it.
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import type { HttpHandle } from '../../src/target/handler-target.ts';
import { encodeAwsJsonError } from '../../src/wire/aws-json.ts';
import type { HttpRequestMessage } from '../../src/wire/http-message.ts';
import { member, mutatedSpecs, type BrokenMock } from './catalogue.ts';

type Input = Record<string, unknown>;

/** What a hand-written rule says of one member's value: `undefined` when it accepts it, else the message it answers. */
type MemberRule = (name: string, value: unknown) => string | undefined;

const operations = ['DeletePersonalAccessToken', 'DeleteMailboxPermissions'] as const;
const constrainedMembers = ['OrganizationId', 'PersonalAccessTokenId', 'EntityId', 'GranteeId'] as const;

function operationOf(request: HttpRequestMessage): string {
  return (request.headers['x-amz-target'] ?? '').replace(/^WorkMailService\./, '');
}

function parseInput(body: string): Input | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Input) : undefined;
  } catch {
    return undefined;
  }
}

/** Required, a string, and within `min..max` code points, as a mock author checks before the pattern. */
function presentStringOfLength(name: string, value: unknown, min: number, max: number): string | undefined {
  if (value === undefined || value === null) return `${name} is required`;
  if (typeof value !== 'string') return `${name} must be a string`;
  const length = [...value].length;
  if (length < min || length > max) return `${name} must be ${min}..${max} characters`;
  return undefined;
}

/** The store behind the hand-written validators: the reference mock's state rules, checking no length or pattern itself. */
const storeWithoutConstraints = mutatedSpecs((specs) => {
  for (const operation of operations) {
    for (const name of constrainedMembers) {
      try {
        const constrained = member(specs, operation, name);
        delete constrained.length;
        delete constrained.pattern;
      } catch {
        // The operation has no such member.
      }
    }
  }
});

/**
 * A handle that validates each member of the two checked operations with `rules` (falling back to `correct` for members
 * without a rule of their own), answers InvalidParameterException itself, and passes valid requests (after `prepare`) to
 * `store`.
 */
function handWritten(options: {
  readonly rules: Readonly<Record<string, MemberRule>>;
  readonly prepare?: (input: Input) => Input;
  readonly store?: () => HttpHandle;
}): () => HttpHandle {
  return () => {
    const store = (options.store ?? storeWithoutConstraints)();
    return (request) => {
      const operation = operationOf(request);
      const parsed = (operations as readonly string[]).includes(operation) ? parseInput(request.body) : undefined;
      if (parsed === undefined) return store(request);
      const input = options.prepare === undefined ? parsed : options.prepare(parsed);
      for (const name of constrainedMembers) {
        if (operation === 'DeletePersonalAccessToken' && (name === 'EntityId' || name === 'GranteeId')) continue;
        if (operation === 'DeleteMailboxPermissions' && name === 'PersonalAccessTokenId') continue;
        const rule = options.rules[name] ?? correct[name];
        const problem = rule?.(name, input[name]);
        if (problem !== undefined) return encodeAwsJsonError('InvalidParameterException', 400, problem);
      }
      return store({ ...request, body: JSON.stringify(input) });
    };
  };
}

const organizationIdPattern = /^m-[0-9a-f]{32}$/;
const tokenIdPattern = /^[a-zA-Z0-9_-]+$/;
const entityIdPattern = /^[a-zA-Z0-9._%+@-]+$/;

/** The documented rules, written as a careful author writes them. */
const correct: Readonly<Record<string, MemberRule>> = {
  OrganizationId: (name, value) => presentStringOfLength(name, value, 34, 34) ?? (organizationIdPattern.test(value as string) ? undefined : `${name} is malformed`),
  PersonalAccessTokenId: (name, value) => presentStringOfLength(name, value, 1, 64) ?? (tokenIdPattern.test(value as string) ? undefined : `${name} is malformed`),
  EntityId: (name, value) => presentStringOfLength(name, value, 1, 256) ?? (entityIdPattern.test(value as string) ? undefined : `${name} is malformed`),
  GranteeId: (name, value) => presentStringOfLength(name, value, 1, 256) ?? (entityIdPattern.test(value as string) ? undefined : `${name} is malformed`),
};

/**
 * Python's `re.match(r'^…$', value)`: `$` also matches just before a final line break, so `'abc\n'` matches `^[a-z]+$`.
 * The JavaScript pattern is anchored; the emulation tries the value, then the value without one final "\n".
 */
function pythonMatch(pattern: RegExp, value: string): boolean {
  return pattern.test(value) || (value.endsWith('\n') && pattern.test(value.slice(0, -1)));
}

function pythonRule(pattern: RegExp, min: number, max: number): MemberRule {
  return (name, value) => presentStringOfLength(name, value, min, max) ?? (pythonMatch(pattern, value as string) ? undefined : `${name} is malformed`);
}

/** Letters in upper case within an ID-shaped value: the author thought entity IDs were lower case. */
const upperCaseIdShapes = [/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, /^r-[0-9a-f]{32}$/i];

function refusesUpperCaseIds(name: string, value: unknown): string | undefined {
  const problem = correct[name]?.(name, value);
  if (problem !== undefined) return problem;
  const text = value as string;
  if (upperCaseIdShapes.some((shape) => shape.test(text)) && text !== text.toLowerCase()) return `${name} must be lower case`;
  return undefined;
}

/** The reference mock as the store, for a mock whose only bug is in what it does before validating. */
const referenceStore = (): HttpHandle => createWorkMailMock({ fixture: demoFixture }).handle;

function trimmed(input: Input): Input {
  return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value]));
}

const valueOf = (input: Readonly<Input>, name: string): string => (typeof input[name] === 'string' ? (input[name] as string) : '');
const anyMember = (input: Readonly<Input>, test: (value: string) => boolean): boolean =>
  constrainedMembers.some((name) => typeof input[name] === 'string' && test(input[name] as string));

/** Every hand-written broken validator, each with the check that must catch it and what its shrunk example must show. */
export const handWrittenMocks: readonly BrokenMock[] = [
  {
    name: 'trims whitespace from every member before validating',
    rule: 'A value with a leading or trailing space, tab or line break breaks the pattern and is rejected.',
    intendedCheck: 'negativeDataRejection',
    // A trimmed organization ID, entity or grantee names what the untrimmed one does: state errors where validation belongs,
    // and a trimmed value that names an existing permission deletes it, which the oracle did not expect and the read after
    // a padded near miss shows.
    alsoFails: ['exceptionTypeConformance', 'stateConformance', 'deleteEffect'],
    makeHandle: handWritten({ rules: {}, prepare: trimmed, store: referenceStore }),
    minimal: (input) => anyMember(input, (value) => value !== value.trim()),
  },
  {
    name: "validates with Python's re, whose $ matches before a final line break",
    rule: 'A valid value followed by "\\n" breaks the whole-value pattern and is rejected.',
    intendedCheck: 'negativeDataRejection',
    alsoFails: ['exceptionTypeConformance'],
    makeHandle: handWritten({
      rules: {
        OrganizationId: pythonRule(organizationIdPattern, 34, 34),
        PersonalAccessTokenId: pythonRule(tokenIdPattern, 1, 64),
        EntityId: pythonRule(entityIdPattern, 1, 256),
        GranteeId: pythonRule(entityIdPattern, 1, 256),
      },
    }),
    minimal: (input) => anyMember(input, (value) => value.endsWith('\n') && value.trim() === value.slice(0, -1)),
  },
  {
    name: 'checks OrganizationId only against its character set and length',
    rule: 'OrganizationId is m- followed by 32 hex digits, not any 34 characters of [0-9a-fm-].',
    // A broken organization ID names no organization: OrganizationNotFoundException where the validation error belongs.
    intendedCheck: 'exceptionTypeConformance',
    makeHandle: handWritten({
      rules: {
        OrganizationId: (name, value) => presentStringOfLength(name, value, 34, 34) ?? (/^[0-9a-fm-]+$/.test(value as string) ? undefined : `${name} is malformed`),
      },
    }),
    minimal: (input) => /^[0-9a-fm-]{34}$/.test(valueOf(input, 'OrganizationId')) && !organizationIdPattern.test(valueOf(input, 'OrganizationId')),
  },
  {
    name: 'accepts 34 hex digits without the m- prefix as OrganizationId',
    rule: 'OrganizationId starts with m-.',
    intendedCheck: 'exceptionTypeConformance',
    makeHandle: handWritten({
      rules: {
        OrganizationId: (name, value) => {
          const problem = presentStringOfLength(name, value, 34, 34);
          if (problem !== undefined) return problem;
          const id = value as string;
          const hex = id.startsWith('m-') ? id.slice(2) : id;
          return /^[0-9a-f]+$/.test(hex) ? undefined : `${name} is malformed`;
        },
      },
    }),
    minimal: (input) => /^[0-9a-f]{34}$/.test(valueOf(input, 'OrganizationId')),
  },
  {
    name: 'refuses entity IDs in upper case',
    rule: 'EntityId and GranteeId match [a-zA-Z0-9._%+@-]+: an upper-case UUID or resource ID is valid.',
    intendedCheck: 'positiveDataAcceptance',
    makeHandle: handWritten({ rules: { EntityId: refusesUpperCaseIds, GranteeId: refusesUpperCaseIds } }),
    minimal: (input) => anyMember(input, (value) => upperCaseIdShapes.some((shape) => shape.test(value)) && value !== value.toLowerCase()),
  },
];
