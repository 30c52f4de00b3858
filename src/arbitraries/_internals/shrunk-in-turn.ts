import fc from 'fast-check';

/**
 * fast-check's `tuple`, drawn exactly as it draws (each member in turn, from the same generator, at the same bias, so a seed
 * gives the values it gave), but shrunk in turn: first each member's first shrink (its largest step, such as every character
 * the first of its set, or the shortest length), then the rest of each member's shrinks in member order, as `tuple` shrinks.
 * `tuple` tries every shrink of its first member before any of the next: where the first member's shrinking is long (a
 * 255-character value that the failure needs), a run's budget of shrink requests ran out before a member the failure does
 * not need was shrunk at all (trialW #5: a GranteeId of 255 random characters beside a 16-character EntityId).
 * Its members draw plain data (strings, records of strings), never values fast-check has to clone.
 */
class TupleShrunkInTurn extends fc.Arbitrary<unknown[]> {
  constructor(private readonly members: readonly fc.Arbitrary<unknown>[]) {
    super();
  }

  generate(random: fc.Random, biasFactor: number | undefined): fc.Value<unknown[]> {
    const values = new Array<unknown>(this.members.length);
    const contexts = new Array<unknown>(this.members.length);
    for (let index = 0; index < this.members.length; index += 1) {
      const drawn = (this.members[index] as fc.Arbitrary<unknown>).generate(random, biasFactor);
      values[index] = drawn.value;
      contexts[index] = drawn.context;
    }
    return new fc.Value(values, contexts);
  }

  canShrinkWithoutContext(value: unknown): value is unknown[] {
    return Array.isArray(value) && value.length === this.members.length && this.members.every((member, index) => member.canShrinkWithoutContext(value[index]));
  }

  shrink(value: unknown[], context: unknown): fc.Stream<fc.Value<unknown[]>> {
    return new fc.Stream(this.shrinksInTurn(value, Array.isArray(context) ? context : []));
  }

  private *shrinksInTurn(value: readonly unknown[], contexts: readonly unknown[]): IterableIterator<fc.Value<unknown[]>> {
    const rest: Iterator<fc.Value<unknown>>[] = [];
    for (let index = 0; index < this.members.length; index += 1) {
      const shrinks = (this.members[index] as fc.Arbitrary<unknown>).shrink(value[index], contexts[index])[Symbol.iterator]();
      rest.push(shrinks);
      const first = shrinks.next();
      if (first.done !== true) yield replaced(value, contexts, index, first.value);
    }
    for (let index = 0; index < rest.length; index += 1) {
      const shrinks = rest[index] as Iterator<fc.Value<unknown>>;
      for (let next = shrinks.next(); next.done !== true; next = shrinks.next()) yield replaced(value, contexts, index, next.value);
    }
  }
}

/** The tuple with one member replaced by one of its shrinks, the shrink's context in the member's place. */
function replaced(value: readonly unknown[], contexts: readonly unknown[], index: number, shrunk: fc.Value<unknown>): fc.Value<unknown[]> {
  const values = value.slice();
  const shrunkContexts = contexts.slice();
  values[index] = shrunk.value;
  shrunkContexts[index] = shrunk.context;
  return new fc.Value(values, shrunkContexts);
}

/**
 * A tuple of `members`, drawn as `fc.tuple(...members)` draws it, whose shrinking gives each member its first (largest) step
 * before any member its next ones (see {@link TupleShrunkInTurn}).
 *
 * @example
 * fc.sample(tupleShrunkInTurn([fc.string(), fc.nat()]), { seed: 1, numRuns: 1 }); // what fc.tuple(fc.string(), fc.nat()) draws at seed 1
 */
export function tupleShrunkInTurn<T extends unknown[]>(members: { readonly [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return new TupleShrunkInTurn(members as readonly fc.Arbitrary<unknown>[]) as unknown as fc.Arbitrary<T>;
}

/** What an optional member that was not drawn holds in the tuple: its key is left out of the record. */
const absentKey = Symbol('absent key');

/**
 * `fc.record(model, { requiredKeys, noNullPrototype: true })`, drawn exactly as it draws (the keys in order, an optional one
 * as `fc.option(…)` of its arbitrary), shrunk in turn (see {@link tupleShrunkInTurn}): a plain object holding each required
 * key and each optional key drawn present. Every key is required where `requiredKeys` is not given, as in `fc.record`.
 *
 * @example
 * recordShrunkInTurn({ EntityId: memberValue(entityId), GranteeId: memberValue(granteeId) });
 */
export function recordShrunkInTurn(model: Readonly<Record<string, fc.Arbitrary<unknown>>>, requiredKeys?: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(model);
  const members = keys.map((key) => {
    const member = model[key] as fc.Arbitrary<unknown>;
    return requiredKeys === undefined || requiredKeys.includes(key) ? member : fc.option(member, { nil: absentKey });
  });
  return tupleShrunkInTurn(members).map((values) => {
    const record: Record<string, unknown> = {};
    keys.forEach((key, index) => {
      const value = values[index];
      if (value === absentKey) return;
      // A member named `__proto__` stays a key of its own, as fc.record keeps it.
      if (key === '__proto__') Object.defineProperty(record, key, { value, configurable: true, enumerable: true, writable: true });
      else record[key] = value;
    });
    return record;
  }, (value) => valuesOfRecord(value, keys));
}

/** The tuple a record was made of, for fast-check to shrink a value it was given rather than drew (an `examples` value): it throws for anything else, as `fc.record`'s does. */
function valuesOfRecord(value: unknown, keys: readonly string[]): unknown[] {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) throw new Error('Incompatible instance received: should be a plain object');
  if (Object.keys(value).some((key) => !keys.includes(key))) throw new Error('Incompatible instance received: should not contain extra properties');
  return keys.map((key) => (Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : absentKey));
}
