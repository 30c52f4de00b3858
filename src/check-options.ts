import { ConfigError } from './config-error.ts';

/**
 * Checks of the options a library function receives, so that a wrong option is one {@link ConfigError} naming the
 * function and the option (`runConformance: numRuns: …`), never a TypeError deep inside a run.
 *
 * @example
 * OptionChecker.of('startMockServer', options).integer('port', 0, 65_535).string('host');
 */
export class OptionChecker {
  constructor(
    private readonly functionName: string,
    private readonly options: Readonly<Record<string, unknown>>,
  ) {}

  /**
   * Checks that a function's options argument is an object, and returns a checker for its members.
   *
   * @example
   * const check = OptionChecker.of('runConformance', options);
   */
  static of(functionName: string, options: unknown): OptionChecker {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new ConfigError(`${functionName}: expected an options object, got ${describeValue(options)}`);
    }
    return new OptionChecker(functionName, options as Readonly<Record<string, unknown>>);
  }

  /**
   * No option but those named: a misspelt one (`fixtures` for `fixture`) is an error, where it would be left unread and the
   * run go on without it (TypeScript catches it in an object literal; JavaScript, and an object built elsewhere, do not).
   *
   * @example
   * check.only(['target', 'fixture', 'seed']); // throws "runConformance: unknown option 'fixtures' (did you mean 'fixture'?)"
   */
  only(names: readonly string[]): this {
    for (const key of Object.keys(this.options)) {
      if (names.includes(key)) continue;
      const near = nearName(names, key);
      throw new ConfigError(`${this.functionName}: unknown option '${key}'${near === undefined ? '' : ` (did you mean '${near}'?)`}`);
    }
    return this;
  }

  private fail(name: string, expected: string): never {
    throw new ConfigError(`${this.functionName}: ${name}: expected ${expected}, got ${describeValue(this.options[name])}`);
  }

  /**
   * An optional whole number within bounds.
   *
   * @example
   * check.integer('numRuns', 0, 10_000_000);
   */
  integer(name: string, min: number, max: number, required = false): this {
    const value = this.options[name];
    if (value === undefined && !required) return this;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) this.fail(name, `a whole number from ${min} to ${max}`);
    return this;
  }

  /**
   * An optional string, or one of a few.
   *
   * @example
   * check.string('coverage', ['full', 'compact']);
   */
  string(name: string, choices?: readonly string[], required = false): this {
    const value = this.options[name];
    if (value === undefined && !required) return this;
    if (typeof value !== 'string' || (choices !== undefined && !choices.includes(value))) this.fail(name, choices === undefined ? 'a string' : choices.map((choice) => `'${choice}'`).join(' or '));
    return this;
  }

  /**
   * An optional boolean.
   *
   * @example
   * check.boolean('strict');
   */
  boolean(name: string): this {
    const value = this.options[name];
    if (value !== undefined && typeof value !== 'boolean') this.fail(name, 'true or false');
    return this;
  }

  /**
   * An optional function.
   *
   * @example
   * check.function('onEvent');
   */
  function(name: string): this {
    const value = this.options[name];
    if (value !== undefined && typeof value !== 'function') this.fail(name, 'a function');
    return this;
  }

  /**
   * An optional array, whose items pass `isItem`.
   *
   * @example
   * check.array('operations', (item) => typeof item === 'string', 'an array of operation names');
   */
  array(name: string, isItem: (item: unknown) => boolean, expected: string): this {
    const value = this.options[name];
    if (value === undefined) return this;
    if (!Array.isArray(value)) this.fail(name, expected);
    const index = (value as unknown[]).findIndex((item) => !isItem(item));
    // The item that is wrong, not the array: `[handlers]` for `handlers`, a check's name for the check.
    if (index >= 0) throw new ConfigError(`${this.functionName}: ${name}: expected ${expected}, got ${describeValue((value as unknown[])[index])} at [${index}]`);
    return this;
  }

  /**
   * An object (required unless `required` is false) whose named members are functions, such as a target's `send`.
   *
   * @example
   * check.objectWith('target', ['send'], 'a Target (createHttpTarget, createSdkTarget, createMswTarget or createHandlerTarget)');
   */
  objectWith(name: string, methods: readonly string[], expected: string, required = true): this {
    const value = this.options[name];
    if (value === undefined && !required) return this;
    if (typeof value !== 'object' || value === null || methods.some((method) => typeof (value as Record<string, unknown>)[method] !== 'function')) this.fail(name, expected);
    return this;
  }

  /**
   * A member that must not be given, and why.
   *
   * @example
   * check.absent('target', 'a live run builds its own target from live: give target or live, not both');
   */
  absent(name: string, why: string): this {
    if (this.options[name] !== undefined) throw new ConfigError(`${this.functionName}: ${name}: ${why}`);
    return this;
  }

  /**
   * An optional plain object (its content is checked where it is used, such as a fixture by its schema).
   *
   * @example
   * check.object('fixture');
   */
  object(name: string): this {
    const value = this.options[name];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) this.fail(name, 'an object');
    return this;
  }
}

/**
 * A value as an error message names it: text quoted (cut at 40 characters), numbers as they are, anything else by its kind.
 *
 * @example
 * describeValue('DeleteMailboxPermissions'); // "'DeleteMailboxPermissions'"
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Checks that a generator was given an operation spec, not its name or the list of specs: a wrong one is one ConfigError
 * naming the function, never a TypeError from inside it.
 *
 * @example
 * checkOperationSpec('validInput', spec);
 */
export function checkOperationSpec(functionName: string, spec: unknown): void {
  const candidate = spec as { operation?: unknown; input?: unknown } | null | undefined;
  const isSpec =
    typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate) && typeof candidate.operation === 'string' && typeof candidate.input === 'object' && candidate.input !== null;
  if (!isSpec) {
    throw new ConfigError(`${functionName}: spec: expected an operation spec, as findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions') gives it, got ${describeValue(spec)}`);
  }
}

/**
 * Throws a ConfigError naming the function unless `member` is a member spec (`spec.input.OrganizationId`): not the operation
 * spec, a member's name or nothing, which would otherwise give values of no member's constraints, or a TypeError.
 *
 * @example
 * checkMemberSpec('memberValue', spec.input.EntityId); // passes
 * checkMemberSpec('memberValue', 'EntityId'); // throws: memberValue: member: expected a member spec, …
 */
export function checkMemberSpec(functionName: string, member: unknown): void {
  const candidate = member as { type?: unknown; required?: unknown; operation?: unknown } | null | undefined;
  const isMember = typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate) && typeof candidate.type === 'string' && typeof candidate.required === 'boolean';
  if (isMember) return;
  const got = typeof candidate?.operation === 'string' ? `the operation spec of ${candidate.operation}` : describeValue(member);
  throw new ConfigError(`${functionName}: member: expected a member spec, as spec.input.OrganizationId gives it, got ${got}`);
}

/**
 * Checks that a fixture option has the lists a parsed fixture has (`parseFixture` fills in those a file leaves out): a
 * fixture written by hand and passed as is would otherwise fail deep inside with a TypeError.
 *
 * @example
 * checkParsedFixture('coverageCases', { organizations: [{ id: 'm-…', state: 'Active' }] }); // throws "coverageCases: fixture: $.organizations[0].entities: expected a list …"
 */
export function checkParsedFixture(functionName: string, fixture: unknown): void {
  if (fixture === undefined) return;
  const organizations = (fixture as { organizations?: unknown }).organizations;
  const problem = (path: string, value: unknown) =>
    new ConfigError(`${functionName}: fixture: ${path}: expected a list, got ${describeValue(value)} (give the fixture as parseFixture(value) gives it, its lists filled in)`);
  if (!Array.isArray(organizations)) throw problem('$.organizations', organizations);
  for (const [index, organization] of organizations.entries()) {
    for (const list of ['entities', 'mailboxPermissions', 'personalAccessTokens']) {
      const value = (organization as Record<string, unknown> | null)?.[list];
      if (!Array.isArray(value)) throw problem(`$.organizations[${index}].${list}`, value);
    }
  }
}

/**
 * The name a misspelt one most likely meant: one within two edits of it, or one it is part of (`profile` for `awsProfile`),
 * letter case aside; `undefined` where none is near.
 *
 * @example
 * nearName(['fixture', 'seed'], 'fixtures'); // 'fixture'
 * nearName(['fixture', 'seed'], 'target'); // undefined
 */
export function nearName(names: readonly string[], given: string): string | undefined {
  const lower = given.toLowerCase();
  return names.find((name) => editDistance(name.toLowerCase(), lower) <= 2) ?? (given.length >= 4 ? names.find((name) => name.toLowerCase().includes(lower)) : undefined);
}

/** Edits (insertions, deletions, substitutions) that turn one word into the other: Levenshtein's distance. */
function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (left[i - 1] === right[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[right.length] as number;
}
