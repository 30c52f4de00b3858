import { describe, expect, it } from 'vitest';
import { coverageCases } from '../../src/cases/coverage-cases.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { openPointReadings } from '../../src/model/readings.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { violatedConstraints } from '../../src/spec/constraints.ts';
import { createHandlerTarget, type HttpHandle } from '../../src/target/handler-target.ts';
import { handWrittenStateMock, type StateBug } from '../broken-mocks/hand-written-state-mocks.ts';
import { handWrittenMocks } from '../broken-mocks/hand-written-validators.ts';

const specs = loadOperationSpecs();

describe('existing records named by name and email in the coverage phase', () => {
  it('catch, on every seed and with no property or stateful phase, a delete that looks the entities up but deletes by the text it was given (bugs3)', async () => {
    for (const seed of [1, 2, 3]) {
      const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'deleteByRequestText')), fixture: demoFixture, seed, numRuns: 0, stateSequences: 0, operations: ['DeleteMailboxPermissions'] });

      const caught = report.failures.filter((finding) => finding.check === 'deleteEffect' && /^existing mailboxPermission \(.*\), (EntityId|GranteeId) by (name|email)/.test(finding.description));
      expect(caught.length, `seed ${seed}`).toBeGreaterThan(0);
    }
  });
});

describe('near misses: an identifier that is almost one the fixture holds', () => {
  it('name nothing in the fixture, in any letter case, one member changed from an existing record; valid, or padded with whitespace that breaks only its pattern', () => {
    const named = new Set(
      demoFixture.organizations.flatMap((organization) => [
        organization.id,
        ...organization.entities.flatMap((entity) => [entity.id, entity.name, entity.email ?? '']),
        ...organization.personalAccessTokens.map((token) => token.id),
      ]).map((value) => value.toLowerCase()),
    );
    for (const spec of specs) {
      const near = coverageCases(spec, { fixture: demoFixture }).filter((testCase) => testCase.description.startsWith('near miss'));
      expect(near.length, spec.operation).toBeGreaterThan(3);
      for (const testCase of near) {
        const input = testCase.body.kind === 'input' ? testCase.body.input : {};
        // A token named by its user's ID names an entity, not a token: the one near miss that names something of the fixture.
        const tokenIds = new Set(demoFixture.organizations.flatMap((organization) => organization.personalAccessTokens.map((token) => token.id.toLowerCase())));
        const byOwner = testCase.description.includes('(the ID of its user');
        const changed = Object.entries(input).filter(([member, value]) => typeof value === 'string' && (byOwner ? member === 'PersonalAccessTokenId' && !tokenIds.has(value.toLowerCase()) : !named.has(value.toLowerCase())));
        expect(changed, testCase.description).toHaveLength(1);
        const padded = /with (a space after|a line break before), which breaks its (length and )?pattern/.test(testCase.description);
        const breaks = testCase.description.includes('which breaks its length and pattern') ? ['length', 'pattern'] : ['pattern'];
        for (const [member, value] of Object.entries(input)) {
          const expected = padded && member === changed[0]![0] ? breaks : [];
          expect(violatedConstraints(spec.input[member]!, value), `${testCase.description}: ${member}`).toEqual(expected);
          if (expected.length > 0) expect(named.has(String(value).trim().toLowerCase()), testCase.description).toBe(true);
        }
      }
    }
  });

  it('leave the reference mock silent under every reading of every open point', async () => {
    const eachReadingAlone = [...openPointReadings(specs)].flatMap(([id, names]) => names.map((name) => ({ [id]: name })));
    for (const readings of eachReadingAlone) {
      // The aws profile allows every reading (the documented one not ValidationException, which padded near misses draw).
      const report = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture, readings }).handle), fixture: demoFixture, seed: 5, numRuns: 0, stateSequences: 0, profile: 'aws' });
      expect(report.failures.filter((finding) => finding.description.startsWith('near miss')), JSON.stringify(readings)).toEqual([]);
    }
  });

  // Tolerant lookups, as hand-written mocks have them (trial bugs2): each deletes a permission or token it was not named.
  // The answer is EntityNotFoundException or OrganizationNotFoundException (stateConformance), or a success that must
  // delete nothing (deleteEffect; a near miss of the organization names none the run reads). Where the near miss names no
  // entity, the mailbox it emptied may be read only at the next full read, its finding then naming the cases read since.
  it.each<[StateBug, string, RegExp, string[]]>([
    ['idPrefixLookup', 'DeleteMailboxPermissions', /^near miss: (EntityId|GranteeId) "[0-9a-f-]+" \(a prefix of id /, ['stateConformance', 'deleteEffect']],
    ['nameInIdentifierLookup', 'DeleteMailboxPermissions', /^near miss: (EntityId|GranteeId) "\w+0" \(one character more of name /, ['stateConformance', 'deleteEffect']],
    ['emailLocalPartLookup', 'DeleteMailboxPermissions', /^near miss: (EntityId|GranteeId) "\w+@other-example\.com" \(another domain of email /, ['stateConformance']],
    ['organizationPrefixLookup', 'DeletePersonalAccessToken', /^near miss: OrganizationId "m-[0-9a-f]{32}" \(one character changed of organization /, ['stateConformance']],
    ['tokenPrefixDelete', 'DeletePersonalAccessToken', /^near miss: PersonalAccessTokenId "[0-9a-f-]+" \(a prefix of /, ['deleteEffect']],
    ['tokenOrUserIdDelete', 'DeletePersonalAccessToken', /^near miss: PersonalAccessTokenId "[0-9a-f-]+" \(the ID of its user, /, ['deleteEffect']],
  ])('catch a hand-written mock with %s, by the answer or by what it deleted', async (bug, operation, description, checks) => {
    for (const seed of [1, 2]) {
      const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, bug)), fixture: demoFixture, seed, numRuns: 10, stateSequences: 0 });

      const caught = report.failures.filter((finding) => finding.operation === operation && description.test(finding.description));
      expect(caught.map((finding) => finding.check), `seed ${seed}`).toEqual(expect.arrayContaining(checks));
      if (bug !== 'organizationPrefixLookup') expect(report.failures.some((finding) => finding.operation === operation && finding.check === 'deleteEffect'), `seed ${seed}`).toBe(true);
    }
  });

  it('catch a mock that trims only the organization ID it looks up, by what its padded near miss deleted', async () => {
    const reference = createWorkMailMock({ fixture: demoFixture }).handle;
    const trimsOrganization: HttpHandle = (request) => {
      if (!/Delete/.test(String(request.headers['x-amz-target']))) return reference(request);
      const input = JSON.parse(request.body) as Record<string, unknown>;
      if (typeof input.OrganizationId === 'string') input.OrganizationId = input.OrganizationId.trim();
      return reference({ ...request, body: JSON.stringify(input) });
    };

    const report = await runConformance({ target: createHandlerTarget(trimsOrganization), fixture: demoFixture, seed: 1, numRuns: 0, stateSequences: 0 });

    for (const operation of ['DeleteMailboxPermissions', 'DeletePersonalAccessToken']) {
      const deleted = report.failures.filter((finding) => finding.operation === operation && finding.check === 'deleteEffect' && /^near miss: OrganizationId .*, which breaks its length and pattern\)/.test(finding.description));
      expect(deleted.length, operation).toBeGreaterThan(0);
    }
  });

  // trialZ #7: a stand-in that trims every member before it validates answers 200 to "alice " and deletes alice's
  // permission; the random whitespace cases name nothing the fixture holds, so only a padded near miss shows the delete.
  it('catch a mock that trims its input before validating by what it deleted, on every seed, with no property or stateful phase', async () => {
    const trimsFirst = handWrittenMocks.find((entry) => entry.name.startsWith('trims whitespace'))!;
    for (const seed of [1, 2, 3]) {
      const report = await runConformance({ target: createHandlerTarget(trimsFirst.makeHandle()), fixture: demoFixture, seed, numRuns: 0, stateSequences: 0 });

      for (const operation of ['DeleteMailboxPermissions', 'DeletePersonalAccessToken']) {
        const deleted = report.failures.filter((finding) => finding.operation === operation && finding.check === 'deleteEffect' && /, which breaks its (length and )?pattern\)/.test(finding.description));
        expect(deleted.length, `${operation}, seed ${seed}`).toBeGreaterThan(0);
        expect(deleted[0]!.observed, `${operation}, seed ${seed}`).toMatch(/^after 200 .*no longer holds/);
      }
    }
  });
});
