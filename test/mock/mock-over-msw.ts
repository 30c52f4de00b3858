import type { WorkMailClient } from '@aws-sdk/client-workmail';
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createWorkMailMock, type WorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { workMailHandlers } from '../../src/mock/msw-handlers.ts';
import { workMailClient } from './sdk-cases.ts';

/**
 * The reference mock behind msw for the enclosing file or describe block: listening (unhandled requests are errors) from the
 * first test to the last, its state restored before each test, and a WorkMailClient whose calls it answers.
 *
 * @example
 * const { mock, client } = useMockOverMsw();
 */
export function useMockOverMsw(): { readonly mock: WorkMailMock; readonly server: SetupServer; readonly client: WorkMailClient } {
  const mock = createWorkMailMock();
  const server = setupServer(...workMailHandlers(mock));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => mock.reset());
  return { mock, server, client: workMailClient() };
}
