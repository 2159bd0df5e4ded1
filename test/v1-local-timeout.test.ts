// /v1 on a single machine waits for its Ollama as long as the agent does: ollama.timeout, not a fixed 60 s.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openAiErrorSchema } from '../src/shared';
import { HarombeRuntime } from '../src/main/runtime';
import { writeConfig } from './support/cluster-e2e-kit';
import { RecordingLogger } from './support/fake-services';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome, pointHarombeHomeAt } from './support/run-cli';

let home: string;
let restoreHome: () => void = () => undefined;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  home = await makeHome();
  restoreHome = pointHarombeHomeAt(home);
});
afterAll(() => {
  restoreHome();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe('POST /v1/chat/completions on the local Ollama', () => {
  it('gives up on a silent Ollama after ollama.timeout and says so', async () => {
    const standIn = await new OllamaStandIn().start();
    cleanups.push(() => standIn.stop());
    standIn.on({ lastUserMessage: /hi/ }).reply('never sent').hang();
    const configPath = await writeConfig(home, { model: { name: 'qwen2.5:7b' }, ollama: { host: standIn.url, timeout: 1 } });
    const runtime = await HarombeRuntime.create({ configPath, logger: new RecordingLogger(), port: 0 });
    const { url } = await runtime.start();
    cleanups.push(() => runtime.dispose());

    // A fixed 60 s limit would outlast this test's 20 s; ollama.timeout (1 s) ends it.
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(504);
    const { message } = openAiErrorSchema.parse(await response.json()).error;
    expect(message).toContain('sent nothing within 1 s');
  });
});
