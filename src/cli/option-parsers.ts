import { InvalidArgumentError } from 'commander';
import { ConfigError } from '../config-error.ts';

/**
 * A commander parser for a whole-number flag within bounds; a bad value is a one-line usage error (exit 2).
 *
 * @example
 * program.option('--count <n>', 'how many', integerOption('--count', 1, 1000), 10);
 */
export function integerOption(name: string, min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    }
    return value;
  };
}

/**
 * A commander parser for a flag that takes one of a few words.
 *
 * @example
 * program.option('--reporter <name>', 'output format', choiceOption('--reporter', ['console', 'json']), 'console');
 */
export function choiceOption<Choice extends string>(name: string, choices: readonly Choice[]): (text: string) => Choice {
  return (text) => {
    if (!(choices as readonly string[]).includes(text)) throw new InvalidArgumentError(`${name} must be one of ${choices.join(', ')}.`);
    return text as Choice;
  };
}

/**
 * A commander collector for a repeatable flag.
 *
 * @example
 * program.option('--operation <name>', 'repeatable', collect, []);
 */
export function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/**
 * Collects `--reading ID=NAME` flags into the mock's readings, with a one-line error for a flag without `=`.
 *
 * @example
 * collectReading('email-case=case-sensitive', {}); // { 'email-case': 'case-sensitive' }
 */
export function collectReading(text: string, readings: Record<string, string>): Record<string, string> {
  const match = /^([^=\s]+)=(\S+)$/.exec(text);
  if (match === null) throw new ConfigError(`--reading: expected OPEN-POINT=READING (e.g. disabled-entity=success), got '${text}'`);
  return { ...readings, [match[1] as string]: match[2] as string };
}

/** One more report a run writes: a reporter and the file it goes to (`--report junit=conformance.xml`). */
export interface ExtraReport<Name extends string = string> {
  readonly reporter: Name;
  readonly file: string;
}

/**
 * A commander collector for `--report NAME=FILE`: each adds a report in that format written to that file, beside the one
 * `--reporter` and `--output` give.
 *
 * @example
 * program.option('--report <name=file>', 'repeatable', collectReport('--report', ['console', 'json', 'junit']), []);
 */
export function collectReport<Name extends string>(flag: string, names: readonly Name[]): (text: string, previous: readonly ExtraReport<Name>[]) => ExtraReport<Name>[] {
  return (text, previous) => {
    const match = /^([a-z]+)=(.+)$/.exec(text);
    if (match === null || !(names as readonly string[]).includes(match[1] as string)) {
      throw new InvalidArgumentError(`${flag} must be NAME=FILE with NAME one of ${names.join(', ')} (e.g. ${flag} junit=conformance.xml).`);
    }
    return [...previous, { reporter: match[1] as Name, file: match[2] as string }];
  };
}
