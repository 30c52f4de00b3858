import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, isConfigError } from '../../config-error.ts';
import type { Fixture } from '../../fixture/fixture-schema.ts';
import { loadFixture } from '../../fixture/load-fixture.ts';
import { unreachableOrganization } from '../../fixture/unreachable-organizations.ts';
import { loadRecording } from '../../record/load-recording.ts';
import { partOfARun } from '../../record/partial-recording.ts';
import type { ConformanceReport } from '../../report/conformance-report.ts';
import { verdictText } from '../../report/verdict.ts';
import { builtInOperationSpecs } from '../../spec/built-in-specs.ts';
import { defaultSemantics } from '../../spec/constraints.ts';
import { loadOperationSpecs } from '../../spec/load-spec.ts';
import type { OperationSpec } from '../../spec/spec-schema.ts';
import { checkValuesBuildable } from '../../arbitraries/member-value.ts';
import { parseJsonValue } from '../../parse-json.ts';

interface VerifyOptions {
  readonly specs?: string;
}

/** What one file or folder was found to be: a line for stdout, and the exit code it alone would give. */
interface Finding {
  readonly line: string;
  readonly code: 0 | 1;
}

/** Bytes read to find a recording's header line (its rules and fixture make it tens of kilobytes). */
const headerReadLimit = 4 * 1024 * 1024;

/**
 * Whether a file is read as a recording: its first line is a recording's header (`{"type":"run",…}`), found without
 * reading a recording whole (loadRecording reads it then), or it is no one JSON document (a fixture is one).
 */
function startsAsRecording(file: string): boolean {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, 'r');
    const bytes = Buffer.alloc(headerReadLimit);
    const start = bytes.subarray(0, readSync(descriptor, bytes, 0, headerReadLimit, 0)).toString('utf8').replace(/^\ufeff/, '');
    const newline = start.indexOf('\n');
    const header = newline === -1 ? undefined : (parseJsonValue(start.slice(0, newline)) as { type?: unknown } | undefined);
    if (header !== null && typeof header === 'object' && header.type === 'run') return true;
    // A fixture, or something else loadFixture names, is one JSON document; anything else is read as a recording.
    return parseJsonValue(readFileSync(file, 'utf8')) === undefined;
  } catch {
    // loadRecording says why it cannot be read, in its words.
    return true;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}


function verifyRecording(file: string): Finding {
  const recording = loadRecording(file, { keepExchanges: false });
  const { header } = recording;
  const what = `recording format ${header.format ?? 1} by workmail-conformance ${header.version}, a run against ${header.target} started ${header.startedAt} (seed ${header.seed}): ${recording.exchangeCount} exchange(s), ${recording.requests} request(s) that are no case`;
  const part = partOfARun(file, recording);
  if (part !== undefined) return { line: `${part}; ${what}`, code: 1 };
  // loadRecording refused a digest that does not match; a format 1 end line carries none to check.
  if (recording.end?.sha256 === undefined) return { line: `${file}: cannot be verified: recording format ${header.format ?? 1} writes no digest in its end line, so a line changed since cannot be told; ${what}`, code: 1 };
  return { line: `${file}: as written (the SHA-256 its end line holds matches every line): ${what}; its verdict: ${verdictText(recording.end.summary as ConformanceReport['summary'])}`, code: 0 };
}

function verifyFixture(file: string, specs: readonly OperationSpec[]): Finding {
  const fixture: Fixture = loadFixture(file);
  const unreachable = unreachableOrganization(fixture, specs, defaultSemantics);
  if (unreachable !== undefined) throw new ConfigError(`${file}: ${unreachable}`);
  const organizations = fixture.organizations.map(
    (organization) =>
      `${organization.id} (${organization.state}: ${organization.entities.length} entities, ${organization.mailboxPermissions.length} mailbox permission(s), ${organization.personalAccessTokens.length} personal access token(s))`,
  );
  return { line: `${file}: a valid fixture, as run --fixture and serve --fixture take it: ${fixture.organizations.length} organization(s)${organizations.length === 0 ? '' : `: ${organizations.join('; ')}`}`, code: 0 };
}

/**
 * Registers `verify`: checks files without sending anything. A recording is read whole (every line against its schema, the
 * counts and the SHA-256 its end line holds); a fixture and a folder of specs are validated as `run` validates them.
 *
 * @example
 * registerVerifyCommand(program, setExitCode); // workmail-conformance verify run.ndjson org.json --specs my-specs/
 */
export function registerVerifyCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('verify')
    .description('Check recordings (run --record), fixtures and a folder of specs without sending anything: whether each is whole, as written and valid.')
    .argument('[files...]', 'recordings (NDJSON, run --record) and fixtures (JSON, --save-fixture or your own)')
    .option('--specs <dir>', 'a folder of operation specs to validate as run --specs does; fixtures are checked against them')
    .addHelpText(
      'after',
      '\nExit codes:\n  0  every file is whole and valid, and every recording as written\n  1  a recording that holds only part of its run, or that carries no digest to check (format 1)\n  2  a file that is not as written, not valid or not readable, or nothing given to verify',
    )
    .action((files: string[], options: VerifyOptions) => {
      if (files.length === 0 && options.specs === undefined) throw new ConfigError('verify: give a recording or fixture file, or --specs <dir>');
      let code = 0;
      const report = (check: () => Finding) => {
        try {
          const finding = check();
          process.stdout.write(`${finding.line}\n`);
          code = Math.max(code, finding.code);
        } catch (error) {
          // One file's mistake is said in one line; the others are still checked.
          if (!isConfigError(error)) throw error;
          process.stderr.write(`workmail-conformance: ${error.message}\n`);
          code = 2;
        }
      };
      let specs: readonly OperationSpec[] = builtInOperationSpecs();
      if (options.specs !== undefined) {
        const folder = options.specs;
        let loaded: readonly OperationSpec[] | undefined;
        report(() => {
          loaded = loadOperationSpecs(folder);
          for (const spec of loaded) checkValuesBuildable(spec, `--specs ${folder}`);
          return { line: `${folder}: ${loaded.length} operation spec(s), each valid and with values the generators can build: ${loaded.map((spec) => spec.operation).join(', ')}`, code: 0 };
        });
        if (loaded !== undefined) specs = loaded;
      }
      for (const file of files) report(() => (startsAsRecording(file) ? verifyRecording(file) : verifyFixture(file, specs)));
      setExitCode(code);
    });
}
