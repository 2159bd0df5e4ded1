import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAgentKit, doneOf, eventTypes } from '../../../test/support/agent-test-kit';
import type { AgentKit } from '../../../test/support/agent-test-kit';
import { callTools, reply, toolCall } from '../../../test/support/scripted-llm-client';
import { answerConfirmation } from './approval-answers';

let kit: AgentKit | undefined;
async function setUp(...args: Parameters<typeof createAgentKit>): Promise<AgentKit> {
  kit = await createAgentKit(...args);
  return kit;
}
afterEach(async () => {
  vi.useRealTimers();
  await kit?.dispose();
  kit = undefined;
});

const shellStep = (command: string, id = 'sh1') => callTools(toolCall('shell', { command }, id));
const toolMessagesSent = (kit: AgentKit, request: number) => kit.llm.requests[request]!.messages.filter((message) => message.role === 'tool');

describe('ReactAgent: dangerous tools', () => {
  it('asks before a dangerous call, waits, and runs it once approved', async () => {
    const { run, broker, shell } = await setUp([shellStep('ls'), reply('You have two files.')]);
    const events = await run({ message: 'list files' }, (event) => {
      if (event.type !== 'confirm_required') return;
      // Pending in main while the turn waits, so a reloaded window or the CLI can answer it.
      expect(broker.pending()).toEqual([expect.objectContaining({ confirmation_id: event.confirmation_id, description: 'shell: ls' })]);
      expect(shell.ran).toEqual([]);
      broker.answer(event.confirmation_id, 'allow_once');
    });
    expect(eventTypes(events).filter((type) => type !== 'token')).toEqual(['start', 'tool_call', 'confirm_required', 'tool_result', 'done']);
    const confirm = events.find((event) => event.type === 'confirm_required');
    expect(confirm).toMatchObject({
      conversation_id: doneOf(events).conversation_id,
      tool_call: { id: 'sh1', name: 'shell', arguments: { command: 'ls' } },
      description: 'shell: ls',
      expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(events.find((event) => event.type === 'tool_call')).toMatchObject({ dangerous: true });
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ ok: true, output: 'ran: ls' });
    expect(shell.ran).toEqual(['ls']);
    expect(broker.pending()).toEqual([]);
  });

  it('tells the model the user declined, and the model still answers', async () => {
    const k = await setUp([shellStep('rm -rf build'), reply('Okay, I left the build folder alone.')]);
    const events = await k.runAnswering({ message: 'clean up' }, 'deny');
    expect(k.shell.ran).toEqual([]);
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ ok: false, output: 'The user declined to run shell: rm -rf build.' });
    expect(toolMessagesSent(k, 1)).toEqual([{ role: 'tool', tool_call_id: 'sh1', name: 'shell', content: 'The user declined to run shell: rm -rf build.' }]);
    expect(doneOf(events).response).toBe('Okay, I left the build folder alone.');
  });

  it('remembers "always allow" for that tool in the conversation, and asks again in a new one', async () => {
    const k = await setUp([shellStep('git status'), reply('clean'), shellStep('git log', 'sh2'), reply('history'), shellStep('ls', 'sh3'), reply('files')]);
    const first = await k.run({ message: 'status?' }, async (event) => {
      if (event.type === 'confirm_required') await answerConfirmation({ broker: k.broker }, event.confirmation_id, { decision: 'always_allow', scope: 'tool' });
    });
    const { conversation_id } = doneOf(first);
    expect((await k.store.get(conversation_id))?.always_allow).toEqual([{ tool: 'shell' }]);

    const second = await k.run({ conversationId: conversation_id, message: 'log?' });
    expect(eventTypes(second)).not.toContain('confirm_required');
    expect(k.shell.ran).toEqual(['git status', 'git log']);

    const elsewhere = await k.runAnswering({ message: 'new conversation' }, 'deny');
    expect(eventTypes(elsewhere)).toContain('confirm_required');
    expect(k.shell.ran).toEqual(['git status', 'git log']);
  });

  it("denies without asking in 'deny' mode (nobody to ask), and the model hears why", async () => {
    const k = await setUp([shellStep('ls'), reply('I could not run that here.')]);
    const asked = vi.fn();
    k.broker.onDidChange(asked);
    const events = await k.run({ message: 'list', attendance: 'deny' });
    expect(eventTypes(events)).not.toContain('confirm_required');
    expect(asked).not.toHaveBeenCalled();
    expect(k.shell.ran).toEqual([]);
    expect(toolMessagesSent(k, 1)[0]!.content).toBe("shell: ls was not run: it needs a person's approval, and no one can be asked here.");
    expect(doneOf(events).response).toBe('I could not run that here.');
  });

  it("refuses in 'deny' mode even a tool allowed always earlier in the conversation (nobody is watching now)", async () => {
    const k = await setUp([shellStep('git status'), reply('clean'), shellStep('rm -rf /', 'sh2'), reply('not run')]);
    const { conversation_id } = doneOf(await k.runAnswering({ message: 'status?' }, 'always_allow'));
    const unattended = await k.run({ conversationId: conversation_id, message: 'wipe', attendance: 'deny' });
    expect(eventTypes(unattended)).not.toContain('confirm_required');
    expect(k.shell.ran).toEqual(['git status']);
  });

  it("runs without asking in 'allow' mode", async () => {
    const k = await setUp([shellStep('ls'), reply('done')]);
    expect(eventTypes(await k.run({ message: 'list', attendance: 'allow' }))).not.toContain('confirm_required');
    expect(k.shell.ran).toEqual(['ls']);
  });

  it('never asks when tools.confirm_dangerous is false', async () => {
    const k = await setUp([shellStep('ls'), reply('done')], { config: { confirmDangerous: false } });
    for (const attendance of ['ask', 'deny'] as const) k.llm.push(shellStep(attendance), reply('done'));
    const events = [...(await k.run({ message: 'a' })), ...(await k.run({ message: 'b' })), ...(await k.run({ message: 'c', attendance: 'deny' }))];
    expect(eventTypes(events)).not.toContain('confirm_required');
    expect(k.shell.ran).toEqual(['ls', 'ask', 'deny']);
  });

  it('never asks about a safe tool', async () => {
    const k = await setUp([callTools(toolCall('echo', { text: 'hi' })), reply('done')]);
    expect(eventTypes(await k.run({ message: 'echo', attendance: 'deny' }))).not.toContain('confirm_required');
  });

  it('denies a confirmation nobody answers within five minutes, and the turn goes on', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const k = await setUp([shellStep('rm -rf /'), reply('Nobody approved it, so I did nothing.')]);
    const events = await k.run({ message: 'wipe' }, async (event) => {
      if (event.type === 'confirm_required') {
        await vi.advanceTimersByTimeAsync(5 * 60 * 1000);
      }
    });
    expect(k.shell.ran).toEqual([]);
    expect(k.broker.pending()).toEqual([]);
    expect(toolMessagesSent(k, 1)[0]!.content).toBe('No one approved shell: rm -rf / within 5 minutes, so it was not run.');
    expect(doneOf(events).response).toBe('Nobody approved it, so I did nothing.');
  });
});
