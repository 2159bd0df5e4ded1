// Fails a test file that leaves HAROMBE_HOME changed, so one file's home never becomes the next test's (vitest setup file).
import { afterAll, expect } from 'vitest';

const homeAtStart = process.env['HAROMBE_HOME'];

// Registered before the file's own hooks, so it runs after them (after-hooks run in reverse): their restores count.
afterAll(() => {
  expect(process.env['HAROMBE_HOME'], 'this test file changed HAROMBE_HOME and did not restore it: use vi.stubEnv and vi.unstubAllEnvs, or put the old value back in afterAll').toBe(homeAtStart);
});
