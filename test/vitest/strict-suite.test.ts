import { describe, expect, it } from 'vitest';
import { runVitestSuite, suiteFolder } from '../helpers/run-vitest-suite.ts';

// `strict: true` fails a suite whose verdict rests on less than it says, as the CLI's --strict exits 1 (trialQ #3): an
// in-memory fake that serves no List and deletes too much otherwise passes every test. Each suite runs in a vitest of its own.

const suites = suiteFolder('wmc-strict-suite-');
const { source } = suites;

/** A strict suite over the reference mock, with its List operations refused as unknown where `servesLists` is false. */
function suiteFile(name: string, servesLists: boolean): string {
  return suites.write(
    name,
    `import { createWorkMailMock } from ${source('src/mock/create-work-mail-mock.ts')};
import { demoFixture } from ${source('src/mock/demo-fixture.ts')};
import { createHandlerTarget } from ${source('src/target/handler-target.ts')};
import { encodeAwsJsonError } from ${source('src/wire/aws-json.ts')};
import { describeConformance } from ${source('src/vitest/describe-conformance.ts')};
const mock = createWorkMailMock({ fixture: demoFixture });
const handle = (request) =>
  !${servesLists} && /\\.List/.test(request.headers['x-amz-target'] ?? '') ? encodeAwsJsonError('UnknownOperationException', 400, 'no such operation') : mock.handle(request);
describeConformance('${name}', { target: () => createHandlerTarget(handle), fixture: demoFixture, numRuns: 10, seed: 3, strict: true });
`,
  );
}

describe('a describeConformance suite with strict: true', () => {
  it('fails "the verdict rests on what it says" where no delete was read back, naming why', async () => {
    const tests = await runVitestSuite(suiteFile('no-lists', false), suites.directory);

    const outcome = tests.get('the verdict rests on what it says (strict)');
    expect(outcome?.status).toBe('failed');
    expect(outcome?.message).toMatch(/strict: the verdict rests on less than it says: .*no delete's effect was read back for DeleteMailboxPermissions, DeletePersonalAccessToken/);
    expect(tests.get('the run was complete')?.status).toBe('passed');
  });

  it('passes it where the target serves its Lists and every kind of delete was read back', async () => {
    const tests = await runVitestSuite(suiteFile('with-lists', true), suites.directory);

    expect(tests.get('the verdict rests on what it says (strict)')?.status).toBe('passed');
  });
});
