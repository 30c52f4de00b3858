import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';

describe('the demo fixture', () => {
  it('cannot be changed at any depth, so that no mock or test changes what later ones start from (trialN #9)', () => {
    const [exampleCorp] = demoFixture.organizations;
    // A handler that took the demo's lists as its store would pop a token here, and every later mock would miss it.
    expect(() => exampleCorp?.personalAccessTokens.pop()).toThrow(TypeError);
    expect(() => exampleCorp?.entities[0] && Object.assign(exampleCorp.entities[0], { state: 'DELETED' })).toThrow(TypeError);
    const mock = createWorkMailMock();
    expect(mock.state.findOrganization(demoIds.organizationId)?.personalAccessTokens).toHaveLength(3);
  });

  it('gives a copy that can be changed, as its TSDoc says', () => {
    const copy = structuredClone(demoFixture);
    copy.organizations[0]?.personalAccessTokens.pop();
    expect(copy.organizations[0]?.personalAccessTokens).toHaveLength(2);
    expect(demoFixture.organizations[0]?.personalAccessTokens).toHaveLength(3);
  });
});
