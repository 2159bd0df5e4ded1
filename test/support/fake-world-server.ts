// A real HarombeServer on 127.0.0.1 over fakeWorld()'s services, with the test token; stopped after each test.
import { afterEach } from 'vitest';
import { HarombeServer } from '../../src/main/server';
import { TEST_LOCAL_TOKEN, fakeWorld } from './fake-services';

/** Call at a test file's top level: registers the cleanup and returns the function each test starts a server with. */
export function useFakeWorldServer() {
  let server: HarombeServer | undefined;
  afterEach(async () => {
    await server?.stop({ graceDeadlineMs: 0 });
    server = undefined;
  });
  return async function startServer() {
    const world = fakeWorld();
    const started = new HarombeServer(world.services, { host: '127.0.0.1', port: 0, localToken: TEST_LOCAL_TOKEN });
    server = started;
    const { url, port } = await started.start();
    // `server`: for a test that stops it itself (stopping again after the test does nothing).
    return { ...world, url, port, server: started };
  };
}
