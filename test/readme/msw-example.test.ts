import { createMswTarget, createWorkMailMock, demoFixture } from 'workmail-conformance';
import { workMailHandlers } from 'workmail-conformance/msw';
import { describeConformance } from 'workmail-conformance/vitest';

// Your msw handlers for WorkMail go here; the reference mock's handlers stand in for them.
const handlers = workMailHandlers(createWorkMailMock({ fixture: demoFixture }));

describeConformance('my WorkMail msw handlers', {
  target: () => createMswTarget(handlers),
  fixture: demoFixture, // what your handlers hold: organizations, entities, permissions, tokens
  numRuns: 50,
});
