import { afterAll, afterEach, beforeAll } from 'vitest';
import { mockServer } from '../mocks/node';

// Every request a test makes must be answered by a handler it installed: nothing reaches the network.
beforeAll(() => mockServer.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mockServer.resetHandlers());
afterAll(() => mockServer.close());
