// Tool calls streamed whole (Ollama) or split across deltas (OpenAI, vLLM, llama.cpp) make the same conversation.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createAssistant } from '../src/main/assistant';
import type { AgentEvent, Conversation } from '../src/shared';
import { OllamaStandIn, type ToolCallDelivery } from './support/ollama-stand-in';
import { makeHome } from './support/run-cli';

const standIns: OllamaStandIn[] = [];
afterAll(async () => {
  for (const standIn of standIns) await standIn.stop();
  vi.unstubAllEnvs();
});

async function conversationWith(delivery: ToolCallDelivery): Promise<{ events: AgentEvent[]; conversation: Conversation }> {
  const standIn = await new OllamaStandIn({ toolCallDelivery: delivery }).start();
  standIns.push(standIn);
  standIn.on({ lastUserMessage: /notes/ }).callTool('read_file', { path: 'notes/today.md' }, { id: 'call_read' });
  standIn.on({ afterToolResult: true }).reply((request) => `Read: ${request.lastToolResult?.content.trim()}`);
  const home = await makeHome();
  vi.stubEnv('HAROMBE_HOME', home);
  const workspace = join(home, 'workspace');
  await mkdir(join(workspace, 'notes'), { recursive: true });
  await writeFile(join(workspace, 'notes', 'today.md'), 'buy milk\n');
  const config = join(home, 'harombe.yaml');
  await writeFile(config, `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ntools:\n  sandbox: none\n  web_search: false\n  workspace: ${workspace}\n`);
  const assistant = await createAssistant({ configPath: config });
  try {
    const events: AgentEvent[] = [];
    for await (const event of assistant.agent.runTurn({ message: 'what is in my notes?', attendance: 'deny' })) events.push(event);
    const done = events.find((event) => event.type === 'done');
    if (done?.type !== 'done') throw new Error(`no done event: ${JSON.stringify(events.at(-1))}`);
    const conversation = await assistant.store.get(done.conversation_id);
    return { events, conversation: conversation! };
  } finally {
    await assistant.dispose();
  }
}

describe('tool-call delivery', () => {
  it('whole and split tool-call streams give identical conversations', async () => {
    const whole = await conversationWith('whole');
    const split = await conversationWith('split');
    expect(whole.events.filter((event) => event.type === 'tool_call').map((event) => event.type === 'tool_call' && event.name)).toEqual(['read_file']);
    expect(whole.conversation.messages).toEqual(split.conversation.messages);
    expect(whole.conversation.messages.at(-1)).toEqual({ role: 'assistant', content: 'Read: buy milk' });
  });
});
