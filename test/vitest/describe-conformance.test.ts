import { setupServer } from 'msw/node';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { workMailHandlers } from '../../src/mock/msw-handlers.ts';
import { createMswTarget } from '../../src/target/msw-target.ts';
import { createSdkTarget } from '../../src/target/sdk-target.ts';
import { describeConformance } from '../../src/vitest/describe-conformance.ts';
import { carefulMockedClient, carefulMockFixture } from '../target/sdk-mocks.ts';

// The reference mock's msw handlers stand in for a user's: every generated test must pass.
const handlers = workMailHandlers(createWorkMailMock({ fixture: demoFixture }));

describeConformance('the reference msw handlers', {
  target: () => createMswTarget(handlers),
  fixture: demoFixture,
  numRuns: 40,
  seed: 8,
});

// The same handlers installed with setupServer must not disturb the kit's in-process msw target.
const server = setupServer(...handlers);
server.listen({ onUnhandledRequest: 'bypass' });
describeConformance('the reference msw handlers while msw intercepts', {
  target: () => createMswTarget(handlers),
  fixture: demoFixture,
  numRuns: 10,
  seed: 9,
});

// A mocked SDK client shows no status on the wire: statusCodeConformance judges nothing and is a skipped test, not a passed one.
describeConformance('a careful WorkMailClient mocked with aws-sdk-client-mock', {
  target: () => createSdkTarget({ client: carefulMockedClient() }),
  fixture: carefulMockFixture,
  numRuns: 20,
  seed: 10,
});
