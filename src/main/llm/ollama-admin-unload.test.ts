// OllamaAdmin.running/unload against the Ollama stand-in on loopback: what the tray's "Unload" does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OllamaStandIn } from '../../../test/support/ollama-stand-in';
import { completeChat } from './index';
import { OllamaAdmin } from './ollama-admin';
import { OllamaClient } from './ollama-client';

const standIn = new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }, { name: 'gemma:2b', tools: false }] });
let admin: OllamaAdmin;

beforeAll(async () => {
  await standIn.start();
  admin = new OllamaAdmin({ host: standIn.url, timeoutMs: 5_000 });
});
afterAll(async () => {
  await standIn.stop();
});

describe('OllamaAdmin.unload', () => {
  it('frees a loaded model: it leaves /api/ps and the others stay', async () => {
    for (const model of ['qwen2.5:7b', 'gemma:2b']) {
      await completeChat(new OllamaClient({ host: standIn.url, model, timeoutMs: 5_000 }), { messages: [{ role: 'user', content: 'hi' }] });
    }
    expect((await admin.running()).map((model) => model.name).sort()).toEqual(['gemma:2b', 'qwen2.5:7b']);

    await admin.unload('qwen2.5:7b');

    expect((await admin.running()).map((model) => model.name)).toEqual(['gemma:2b']);
    expect((await admin.listModels()).map((model) => model.name)).toContain('qwen2.5:7b');
  });

  it('says what to do when Ollama is not there', async () => {
    const closed = new OllamaStandIn({ models: [] });
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const failure = await new OllamaAdmin({ host: url, timeoutMs: 2_000 }).unload('qwen2.5:7b').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'unreachable' });
    expect(String((failure as Error).message)).toMatch(/ollama/i);
  });
});
