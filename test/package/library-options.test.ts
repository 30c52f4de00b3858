import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WorkMailClient } from '@aws-sdk/client-workmail';
import {
  coverageCases,
  createHandlerTarget,
  createMswTarget,
  createHttpTarget,
  createSdkTarget,
  createWorkMailMock,
  expectOutcomes,
  findOperationSpec,
  generatedInput,
  invalidInput,
  isConfigError,
  judgeAnswer,
  loadOperationSpecs,
  memberValue,
  propertyCaseArbitrary,
  runConformance,
  startMockServer,
  stringNotMatching,
  validateInput,
  validInput,
  validCoverageValues,
  WorkMailState,
  invalidCoverageValues,
  type FixtureInput,
  type OperationSpec,
} from '../../src/index.ts';
import { describeConformance, suiteRunTimeoutMs } from '../../src/vitest/describe-conformance.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { parseFixture } from '../../src/fixture/load-fixture.ts';
import { workMailHandlers } from '../../src/mock/msw-handlers.ts';

/** The one error a call gives: a ConfigError of one line that starts with the function and option named. */
async function errorOf(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (error) {
    expect(isConfigError(error), String(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('no error');
}

const target = createHandlerTarget(createWorkMailMock().handle);
const permissions = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions');
/** The shipped DeletePersonalAccessToken spec with another token pattern, as a spec file of one's own may have it. */
function withTokenPattern(pattern: string): OperationSpec {
  const tokens = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
  return { ...tokens, input: { ...tokens.input, PersonalAccessTokenId: { ...tokens.input['PersonalAccessTokenId']!, pattern } } };
}
/** A client as users pass it by mistake, where a target or createSdkTarget's options belong. */
const workMailClient = new WorkMailClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

describe('library options are checked up front, and errors name the option, not a CLI flag', () => {
  it.each([
    ['no options', undefined, 'runConformance: expected an options object, got undefined'],
    ['no target', {}, 'runConformance: target: expected a Target'],
    ['a target without send', { target: {} }, 'runConformance: target: expected a Target'],
    ['a target written by hand without capabilities', { target: { description: 'mine', send: async () => ({}), close: async () => {} } }, 'runConformance: target: capabilities: expected an object, such as { rawBodies: true }'],
    ['the client itself as the target', { target: workMailClient }, 'runConformance: target: got an AWS SDK client, which is no target: wrap it, target: createSdkTarget({ client })'],
    ['a negative numRuns', { target, numRuns: -1 }, 'runConformance: numRuns: expected a whole number from 0 to 10000000, got -1'],
    ['a fractional concurrency', { target, concurrency: 1.5 }, 'runConformance: concurrency: expected a whole number from 1 to 1024, got 1.5'],
    ['a numRuns given as text', { target, numRuns: '10' }, "runConformance: numRuns: expected a whole number from 0 to 10000000, got '10'"],
    ['an unknown coverage depth', { target, coverage: 'deep' }, "runConformance: coverage: expected 'full' or 'compact', got 'deep'"],
    ['a negative stateSequences', { target, stateSequences: -1 }, 'runConformance: stateSequences: expected a whole number from 0 to 100000, got -1'],
    ['a stateSequences given as text', { target, stateSequences: '10' }, "runConformance: stateSequences: expected a whole number from 0 to 100000, got '10'"],
    ['no steps per sequence', { target, stateSequenceSteps: 0 }, 'runConformance: stateSequenceSteps: expected a whole number from 1 to 1000, got 0'],
    ['a negative settleMs', { target, settleMs: -1 }, 'runConformance: settleMs: expected a whole number from 0 to 3600000, got -1'],
    ['a check given by its name', { target, checks: ['negativeDataRejection'] }, "runConformance: checks: expected an array of checks (allChecks), got 'negativeDataRejection' at [0]"],
    ['a path that is no case path', { target, path: 'garbage' }, "runConformance: path: 'garbage' is not a case path"],
    ['a misspelt option, which would be left unread', { target, fixtures: {} }, "runConformance: unknown option 'fixtures' (did you mean 'fixture'?)"],
    ['a resetTarget that is no function', { target, resetTarget: true }, 'runConformance: resetTarget: expected a function, got true'],
    ['an option of another function', { target, runTimeoutMs: 1000 }, "runConformance: unknown option 'runTimeoutMs'"],
    ['a misspelt live option', { live: { region: 'us-east-1', organizationID: ['m-0123456789abcdef0123456789abcdef'] } }, "runConformance: live: unknown option 'organizationID' (did you mean 'organizationIds'?)"],
    ['a live organization ID of a form no request can name, before anything is sent (trialH #7)', { live: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9', organizationIds: ['m-0123'] } }, "runConformance: live.organizationIds[0] m-0123: breaks OrganizationId's length and pattern (^m-[0-9a-f]{32}$), so it names no organization; give its real ID"],
    ['operations as one string', { target, operations: 'DeletePersonalAccessToken' }, 'runConformance: operations: expected an array of operation names'],
    ['onEvent that is not a function', { target, onEvent: true }, 'runConformance: onEvent: expected a function, got true'],
    ['onRequest that is not a function', { target, onRequest: 'log' }, "runConformance: onRequest: expected a function, got 'log'"],
    ['no specs (a run of nothing, "conformant" on nothing)', { target, specs: [] }, 'runConformance: specs: names no operation to check'],
    ['no operations', { target, operations: [] }, 'runConformance: operations: names no operation to check'],
    ['an unknown operation', { target, operations: ['DeleteEverything'] }, "runConformance: operations: unknown operation 'DeleteEverything' (known: DeleteMailboxPermissions, DeletePersonalAccessToken)"],
    ['a fixture whose organizations are no list', { target, fixture: { organizations: 'example-corp' } }, 'runConformance: fixture: $.organizations: '],
    ['a fixture with an organization without a state', { target, fixture: { organizations: [{ id: 'm-0123456789abcdef0123456789abcdef', entities: [] }] } }, 'runConformance: fixture: $.organizations[0].state: '],
  ])('runConformance with %s', async (_, options, expected) => {
    expect(await errorOf(() => runConformance(options as never))).toContain(expected);
  });

  it.each([
    ['no mock', {}, 'startMockServer: mock: expected a WorkMailMock'],
    ['a port out of range', { mock: createWorkMailMock(), port: 70_000 }, 'startMockServer: port: expected a whole number from 0 to 65535, got 70000'],
    ['a host that is not text', { mock: createWorkMailMock(), host: 127 }, 'startMockServer: host: expected a string, got 127'],
    ['a misspelt option', { mock: createWorkMailMock(), prot: 4566 }, "startMockServer: unknown option 'prot' (did you mean 'port'?)"],
  ])('startMockServer with %s', async (_, options, expected) => {
    expect(await errorOf(() => startMockServer(options as never))).toContain(expected);
  });

  it.each([
    ['createHttpTarget without a region, for an endpoint on an AWS host', () => createHttpTarget({ endpoint: 'https://workmail.eu-west-1.amazonaws.com' }), 'createHttpTarget: region: required for an endpoint on an AWS host (https://workmail.eu-west-1.amazonaws.com/): the region its requests are signed for'],
    ['createHttpTarget with a region that is not text', () => createHttpTarget({ endpoint: 'http://127.0.0.1:4566', region: 1 } as never), 'createHttpTarget: region: expected a string, got 1'],
    ['createHttpTarget without options', () => createHttpTarget(undefined as never), 'createHttpTarget: expected an options object, got undefined'],
    ['createSdkTarget without a region', () => createSdkTarget({ endpoint: 'http://127.0.0.1:4566' } as never), 'createSdkTarget: region: expected a string, got undefined'],
    ['createSdkTarget given the client without braces', () => createSdkTarget(workMailClient as never), 'createSdkTarget: got an AWS SDK client where options are expected: give it as createSdkTarget({ client })'],
    ['createSdkTarget given the mock object rather than a client', () => createSdkTarget({ client: {} } as never), 'createSdkTarget: client: expected a WorkMailClient (or one mocked with aws-sdk-client-mock), got an object'],
    ['createHandlerTarget without a function', () => createHandlerTarget(createWorkMailMock() as never), 'createHandlerTarget: handle: expected a function (request) => response, got an object'],
    ['validInput given the operation name', () => validInput('DeleteMailboxPermissions' as never), "validInput: spec: expected an operation spec, as findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions') gives it, got 'DeleteMailboxPermissions'"],
    ['invalidInput given every spec', () => invalidInput(loadOperationSpecs() as never), 'invalidInput: spec: expected an operation spec, as findOperationSpec(loadOperationSpecs(), \'DeleteMailboxPermissions\') gives it, got an array'],
    ['generatedInput given nothing', () => generatedInput(undefined as never, { invalid: false }), 'generatedInput: spec: expected an operation spec'],
    ['describeConformance given a Target where its factory is expected', () => describeConformance('suite', { target: target as never }), 'describeConformance: target: expected a function that makes the target, such as () => createMswTarget(handlers), or live options; got an object'],
    ['describeConformance with a misspelt option, as the suite is declared', () => describeConformance('suite', { target: () => target, fixtures: demoFixture } as never), "describeConformance: unknown option 'fixtures' (did you mean 'fixture'?)"],
    ['describeConformance with a numRuns out of range, as the suite is declared', () => describeConformance('suite', { target: () => target, numRuns: -1 }), 'describeConformance: numRuns: expected a whole number from 0 to 10000000, got -1'],
    ['describeConformance with a misspelt live option', () => describeConformance('suite', { live: { region: 'us-east-1', maxRPS: 1 } as never }), "describeConformance: live: unknown option 'maxRPS' (did you mean 'maxRps'?)"],
    ['describeConformance with a runTimeoutMs as text', () => describeConformance('suite', { target: () => target, runTimeoutMs: '60000' as never }), "describeConformance: runTimeoutMs: expected a whole number from 1 to 2147483647, got '60000'"],
    ['describeConformance with strict as text', () => describeConformance('suite', { target: () => target, strict: 'yes' as never }), "describeConformance: strict: expected true or false, got 'yes'"],
    ['coverageCases given the operation name', () => coverageCases('DeleteMailboxPermissions' as never, { fixture: undefined }), "coverageCases: spec: expected an operation spec, as findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions') gives it, got 'DeleteMailboxPermissions'"],
    ['coverageCases without options', () => coverageCases(loadOperationSpecs()[0]!, undefined as never), 'coverageCases: expected an options object, got undefined'],
    ['WorkMailState.fromFixture given a fixture as a file writes it, its lists left out (trialB #4)', () => WorkMailState.fromFixture({ organizations: [{ id: 'm-0123456789abcdef0123456789abcdef', state: 'Active' }] } as never), 'WorkMailState.fromFixture: fixture: $.organizations[0].entities: expected a list, got undefined (give the fixture as parseFixture(value) gives it, its lists filled in)'],
    ['coverageCases given a fixture as a file writes it, its lists left out', () => coverageCases(permissions, { fixture: { organizations: [{ id: 'm-0123456789abcdef0123456789abcdef', state: 'Active' }] } as never }), 'coverageCases: fixture: $.organizations[0].entities: expected a list, got undefined (give the fixture as parseFixture(value) gives it, its lists filled in)'],
    ['propertyCaseArbitrary given a fixture that is no fixture', () => propertyCaseArbitrary(permissions, 'valid', { fixture: { organizations: 'example-corp' } as never }), 'propertyCaseArbitrary: fixture: $.organizations: expected a list, got '],
    ['propertyCaseArbitrary with an unknown kind', () => propertyCaseArbitrary(loadOperationSpecs()[0]!, 'good' as never, { fixture: undefined }), "propertyCaseArbitrary: kind: expected 'valid' or 'invalid', got 'good'"],
    ['memberValue given nothing', () => memberValue(undefined as never), 'memberValue: member: expected a member spec, as spec.input.OrganizationId gives it, got undefined'],
    ['findOperationSpec given only a name', () => findOperationSpec('DeleteMailboxPermissions' as never, 'DeleteMailboxPermissions'), "findOperationSpec: specs: expected the list of specs, as loadOperationSpecs() gives it, got 'DeleteMailboxPermissions'"],
    ['stringNotMatching given no pattern', () => stringNotMatching(undefined as never), 'stringNotMatching: pattern: expected a pattern as text, such as member.pattern, got undefined'],
    ['createMswTarget given no handlers', () => createMswTarget(undefined as never), 'createMswTarget: handlers: expected an array of msw request handlers, got undefined'],
    ['createMswTarget given its handlers not spread', () => createMswTarget([workMailHandlers(createWorkMailMock())] as never), 'createMswTarget: handlers: expected an array of msw request handlers, got an array at [0] (an array of handlers inside the array: spread it, createMswTarget([...handlers]))'],
    ['createWorkMailMock with a misspelt option', () => createWorkMailMock({ fixtures: demoFixture } as never), "createWorkMailMock: unknown option 'fixtures' (did you mean 'fixture'?)"],
    ['createHttpTarget with a misspelt option', () => createHttpTarget({ endpoint: 'http://127.0.0.1:4566', region: 'us-east-1', profile: 'sandbox' } as never), "createHttpTarget: unknown option 'profile' (did you mean 'awsProfile'?)"],
    ['validInput with a misspelt option, which would be left unread (trialH #5)', () => validInput(permissions, { memberValue: {} } as never), "validInput: unknown option 'memberValue' (did you mean 'memberValues'?)"],
    ['invalidInput with a misspelt option', () => invalidInput(permissions, { semantic: {} } as never), "invalidInput: unknown option 'semantic' (did you mean 'semantics'?)"],
    ['generatedInput with a misspelt option', () => generatedInput(permissions, { invalid: true, memberValue: {} } as never), "generatedInput: unknown option 'memberValue' (did you mean 'memberValues'?)"],
    ['stringNotMatching with a misspelt option', () => stringNotMatching('^a$', { minLen: 3 } as never), "stringNotMatching: unknown option 'minLen' (did you mean 'minLength'?)"],
    ['coverageCases with a misspelt option', () => coverageCases(permissions, { fixture: undefined, dept: 'compact' } as never), "coverageCases: unknown option 'dept' (did you mean 'depth'?)"],
    ['propertyCaseArbitrary with a misspelt option', () => propertyCaseArbitrary(permissions, 'valid', { fixtures: undefined } as never), "propertyCaseArbitrary: unknown option 'fixtures' (did you mean 'fixture'?)"],
    ['createSdkTarget with a misspelt option', () => createSdkTarget({ region: 'us-east-1', endpointUrl: 'http://127.0.0.1:4566' } as never), "createSdkTarget: unknown option 'endpointUrl'"],
    ['createMswTarget with a misspelt option', () => createMswTarget([], { endpiont: 'http://127.0.0.1:4566' } as never), "createMswTarget: options: unknown option 'endpiont' (did you mean 'endpoint'?)"],
    ['createMswTarget given an object that is no handler', () => createMswTarget([{}] as never), 'createMswTarget: handlers: expected an array of msw request handlers, got an object at [0]'],
    ['validateInput given the operation name', () => validateInput('DeleteMailboxPermissions' as never, {}), "validateInput: spec: expected an operation spec, as findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions') gives it, got 'DeleteMailboxPermissions'"],
    ['expectOutcomes given an input where a case is expected', () => expectOutcomes(loadOperationSpecs()[0]!, { OrganizationId: 'm-0' } as never, { state: undefined, profile: 'documented' }), "expectOutcomes: testCase: expected a case ({ body: { kind: 'input', input } }), got an object"],
    ['expectOutcomes without a context', () => expectOutcomes(loadOperationSpecs()[0]!, { body: { kind: 'input', input: {} } }, undefined as never), 'expectOutcomes: context: expected an object ({ state, profile }), got undefined'],
    ['expectOutcomes with a profile of another spelling, which would allow nothing (trialN #3)', () => expectOutcomes(permissions, { body: { kind: 'input', input: {} } }, { state: undefined, profile: 'Documented' as never }), "expectOutcomes: context: profile: expected 'documented' or 'aws', got 'Documented'"],
    ['expectOutcomes given a fixture as its state (trialN #3)', () => expectOutcomes(permissions, { body: { kind: 'input', input: {} } }, { state: demoFixture as never, profile: 'documented' }), 'expectOutcomes: context: state: expected a WorkMailState or undefined, got a fixture (give WorkMailState.fromFixture(fixture))'],
    ['judgeAnswer given a status as text', () => judgeAnswer(permissions, { body: { kind: 'input', input: {} } }, { status: '400' } as never, { state: undefined, profile: 'documented' }), "judgeAnswer: answer: status: expected a whole number from 100 to 599, got '400'"],
    ['judgeAnswer given a fetch-style answer', () => judgeAnswer(permissions, { body: { kind: 'input', input: {} } }, { status: 400, text: '{}' } as never, { state: undefined, profile: 'documented' }), "judgeAnswer: answer: unknown option 'text'"],
    // A spec of one's own that no values can be built for: the error names the operation and the member (trialN #7).
    ['validInput of a spec whose pattern is not simple', () => validInput(withTokenPattern('^(ab|cd)+$')), "validInput: DeletePersonalAccessToken: $.input.PersonalAccessTokenId: the pattern ^(ab|cd)+$ is not simple (literals, classes and quantifiers only), so values cannot be built from it"],
    ['invalidInput of a spec whose length and pattern no value satisfies', () => invalidInput(withTokenPattern('^[a-z]{300}$')), 'invalidInput: DeletePersonalAccessToken: $.input.PersonalAccessTokenId: no value can satisfy both the length and the pattern of this member'],
    ['findOperationSpec given a name in another letter case (trialN #11)', () => findOperationSpec(loadOperationSpecs(), 'deletePersonalAccessToken'), "findOperationSpec: unknown operation 'deletePersonalAccessToken' (did you mean 'DeletePersonalAccessToken'?) (known: DeleteMailboxPermissions, DeletePersonalAccessToken)"],
    ['propertyCaseArbitrary given a fixture whose organization no valid request can name (trialN #6)', () => propertyCaseArbitrary(permissions, 'valid', { fixture: parseFixture({ organizations: [{ id: 'm-xyz', state: 'Active' }] }) }), "propertyCaseArbitrary: fixture: $.organizations[0].id: 'm-xyz' breaks OrganizationId's length and pattern (^m-[0-9a-f]{32}$), so no valid request names that organization and nothing in it is checked; give its real ID"],
    ['coverageCases given a fixture whose organization no valid request can name', () => coverageCases(permissions, { fixture: parseFixture({ organizations: [{ id: 'm-xyz', state: 'Active' }] }) }), "coverageCases: fixture: $.organizations[0].id: 'm-xyz' breaks OrganizationId's length and pattern"],
    // @ts-expect-error -- a shipped spec's member names are checked by tsc too; JavaScript gets the error at run time.
    ['validInput with an override of no member', () => validInput(loadOperationSpecs()[0]!, { memberValues: { Nope: fc.constant('x') } }), "validInput: memberValues names 'Nope', which is not an input member of"],
    ['generatedInput without options', () => generatedInput(permissions, undefined as never), 'generatedInput: expected an options object, got undefined'],
    ['generatedInput without invalid', () => generatedInput(permissions, {} as never), 'generatedInput: invalid: expected true (inputs with one member broken) or false (valid inputs), got undefined'],
    ['memberValue given the operation spec', () => memberValue(permissions as never), 'memberValue: member: expected a member spec, as spec.input.OrganizationId gives it, got the operation spec of DeleteMailboxPermissions'],
    ['validCoverageValues given the operation spec', () => validCoverageValues(permissions as never), 'validCoverageValues: member: expected a member spec, as spec.input.OrganizationId gives it, got the operation spec of DeleteMailboxPermissions'],
    ['invalidCoverageValues given a member name', () => invalidCoverageValues('EntityId' as never), "invalidCoverageValues: member: expected a member spec, as spec.input.OrganizationId gives it, got 'EntityId'"],
    ['validInput with a value where an arbitrary belongs', () => validInput(permissions, { memberValues: { OrganizationId: 'm-0123456789abcdef0123456789abcdef' as never } }), "validInput: memberValues.OrganizationId: expected a fast-check arbitrary, such as fc.constantFrom(…) of valid values, got 'm-0123456789abcdef0123456789abcdef'"],
    ['validInput with an override that gives an invalid value, when drawn', () => fc.sample(validInput(permissions, { memberValues: { OrganizationId: fc.constant('nope') } }), 1), "validInput: memberValues.OrganizationId: gave 'nope', which breaks length and pattern: its values must be valid"],
    ['invalidInput with an override that gives an invalid value, when drawn', () => fc.sample(invalidInput(permissions, { memberValues: { OrganizationId: fc.constant('nope') } }), 5), "invalidInput: memberValues.OrganizationId: gave 'nope', which breaks length and pattern: its values must be valid"],
    ['stringNotMatching given no regular expression', () => stringNotMatching('[a-'), 'stringNotMatching: pattern: "[a-" is no regular expression (Invalid regular expression: /[a-/u: Unterminated character class)'],
    ['stringNotMatching given a pattern every string matches', () => stringNotMatching('[\\s\\S]*', { maxLength: 3 }), 'stringNotMatching: all of 1000 strings of 0..3 code points tried match [\\s\\S]*: it may match every string'],
  ])('%s', async (_, call, expected) => {
    expect(await errorOf(call)).toContain(expected);
  });

  it('sends nothing before a bad state sequence count is refused, where it was refused after the other phases had deleted', async () => {
    let sent = 0;
    const counting = createHandlerTarget((request) => {
      sent += 1;
      return createWorkMailMock({ fixture: demoFixture }).handle(request);
    });

    expect(await errorOf(() => runConformance({ target: counting, fixture: demoFixture, stateSequences: -1 }))).toBe('runConformance: stateSequences: expected a whole number from 0 to 100000, got -1');
    expect(sent).toBe(0);
  });

  it('take an option given as undefined as one left out, as code that forwards a value it may not have passes it (a strict tsc with exactOptionalPropertyTypes checks this file)', async () => {
    const forwarded: { seed?: number | undefined; endpoint?: string | undefined; awsProfile?: string | undefined } = {};
    const report = await runConformance({ target, seed: forwarded.seed, fixture: undefined, numRuns: 2, stateSequences: 0, onEvent: undefined, settleMs: undefined });
    expect(report.summary.conformant).toBe(true);
    expect(createMswTarget([], { endpoint: forwarded.endpoint }).description).toContain('msw handlers');
    expect(createHttpTarget({ endpoint: 'http://127.0.0.1:4566', region: 'us-east-1', awsProfile: forwarded.awsProfile }).description).toContain('127.0.0.1:4566');
  });

  it('take an option given as undefined as one left out in the generators and case builders too', () => {
    const given: { memberValues?: Record<string, fc.Arbitrary<unknown>> | undefined; length?: number | undefined } = {};
    const drawn = [
      fc.sample(validInput(permissions, { memberValues: given.memberValues }), { numRuns: 1, seed: 1 }),
      fc.sample(invalidInput(permissions, { memberValues: given.memberValues, semantics: undefined }), { numRuns: 1, seed: 1 }),
      fc.sample(generatedInput(permissions, { invalid: false, memberValues: given.memberValues, semantics: undefined }), { numRuns: 1, seed: 1 }),
      fc.sample(stringNotMatching('^[a-z]+$', { minLength: given.length, maxLength: given.length, semantics: undefined }), { numRuns: 1, seed: 1 }),
      fc.sample(propertyCaseArbitrary(permissions, 'valid', { fixture: undefined, semantics: undefined }), { numRuns: 1, seed: 1 }),
    ];
    expect(drawn.map((values) => values.length)).toEqual([1, 1, 1, 1, 1]);
    expect(coverageCases(permissions, { fixture: undefined, semantics: undefined, depth: undefined }).length).toBe(coverageCases(permissions, { fixture: undefined }).length);
    // Declaring a suite here would nest it in this test: its options, typed as users type them, are what tsc checks.
    const suite: Parameters<typeof describeConformance>[1] = { target: () => target, runTimeoutMs: given.length };
    expect(suiteRunTimeoutMs(suite)).toBe(suiteRunTimeoutMs({ target: () => target }));
  });

  it('createHttpTarget and createSdkTarget name their endpoint option', async () => {
    expect(await errorOf(() => createHttpTarget({ endpoint: 'not a url', region: 'us-east-1' }))).toBe("createHttpTarget: endpoint: 'not a url' is not an http(s) URL");
    expect(await errorOf(() => createSdkTarget({ endpoint: 'ftp://x', region: 'us-east-1' }))).toBe("createSdkTarget: endpoint: 'ftp://x' is not an http(s) URL");
  });

  it('createHttpTarget signs for us-east-1 where no region is given for a mock, as the CLI does, and checks a mock all the same (trialAA #7)', async () => {
    const server = await startMockServer({ mock: createWorkMailMock({ fixture: demoFixture }) });
    const mockTarget = createHttpTarget({ endpoint: server.url });
    try {
      expect(mockTarget.description).toBe(`${server.url}/ (wire transport, us-east-1)`);
      const report = await runConformance({ target: mockTarget, fixture: demoFixture, seed: 1, numRuns: 5, stateSequences: 0, operations: ['DeletePersonalAccessToken'] });
      expect(report.summary.conformant).toBe(true);
    } finally {
      await mockTarget.close();
      await server.close();
    }
  });
});

describe('an operation named twice', () => {
  it('is checked once: its cases were sent twice over, the report naming it once', async () => {
    const options = { fixture: demoFixture, seed: 4, numRuns: 10, stateSequences: 0 };
    const target = () => createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle);

    const once = await runConformance({ ...options, target: target(), operations: ['DeletePersonalAccessToken'] });
    const twice = await runConformance({ ...options, target: target(), operations: ['DeletePersonalAccessToken', 'DeletePersonalAccessToken'] });

    expect(twice.summary.cases).toBe(once.summary.cases);
    expect(twice.operations.map((operation) => operation.operation)).toEqual(['DeletePersonalAccessToken']);
  });
});

describe('a fixture as a file writes it', () => {
  it('is a fixture option as it is typed, FixtureInput, its lists left out: runConformance fills them in, as it does for a file', async () => {
    const organizationId = 'm-0123456789abcdef0123456789abcdef';
    // Typed as users write it: a strict tsc of this file (npm test) fails where the option wants the parsed form.
    const minimal: FixtureInput = { organizations: [{ id: organizationId, state: 'Active' }] };

    const report = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: minimal }).handle), fixture: minimal, numRuns: 5, stateSequences: 0 });

    expect(report.summary.conformant).toBe(true);
  });

  it('is a fixture declared `as const` (read-only throughout), for the run and for the mock', async () => {
    // A strict tsc of this file (npm test) fails where FixtureInput wants mutable arrays.
    const declared = {
      organizations: [
        {
          id: 'm-0123456789abcdef0123456789abcdef',
          state: 'Active',
          entities: [{ id: 'e-1', name: 'ana', type: 'USER', state: 'ENABLED', email: 'ana@example.com' }],
          personalAccessTokens: [{ id: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', userId: 'e-1' }],
        },
      ],
    } as const;

    const report = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: declared }).handle), fixture: declared, numRuns: 5, stateSequences: 0 });

    expect(report.summary.conformant).toBe(true);
  });
});

describe('the AWS SDK notice about Node versions', () => {
  const repoRoot = new URL('../..', import.meta.url);
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  // The SDK prints it only on Node before 22, so this can only fail there.
  const clients = {
    'an SDK target': "const kit = await import('./src/index.ts'); kit.createSdkTarget({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1' });",
    // What a live run from code (runConformance with `live`) reads and puts back through.
    "a live run's own client": "const { createWorkMailApi } = await import('./src/live/work-mail-api.ts'); const { createRequestGate } = await import('./src/live/request-gate.ts'); createWorkMailApi({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }), gate: createRequestGate({ maxPerSecond: 1, maxRequests: undefined }), transientTypes: new Set() });",
  };
  it.runIf(nodeMajor < 22).each(Object.entries(clients))('is not printed when the library builds its own SDK client, %s (as the CLI does not print it)', (_name, builds) => {
    const env = { ...process.env };
    delete env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'];
    const script = `${builds} console.log(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? 'unset');`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, env, encoding: 'utf8' });
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
    expect(result.stdout.trim()).toBe('unset');
  });
});
