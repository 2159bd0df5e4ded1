// `node --import ./test/support/fake-electron/register.mjs out/main/index.js`: runs the built main bundle with the
// recording fake for `electron` (a test tool for wiring only, see index.mjs).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
