// What a conversation keeps from one turn to the next: nothing from "allow once", a grant only while someone watches, its own mode.
import { describe, expect, it } from 'vitest';
import { doneOf, eventTypes, useRuledAgentKit } from '../../../test/support/agent-test-kit';
import { callTools, reply, toolCall } from '../../../test/support/scripted-llm-client';
import type { AgentEvent } from '../../shared';

const setUp = useRuledAgentKit();
const shellStep = (command: string, id = 'sh1') => callTools(toolCall('shell', { command }, id));
const asked = (events: AgentEvent[]) => eventTypes(events).filter((type) => type === 'confirm_required').length;

/** Counts the broker subscriptions still live: a finished turn must leave none (a day of turns would pile them up). */
function liveSubscriptions(broker: { onDidGrant: unknown; onDidChangeMode: unknown }): () => number {
  let live = 0;
  for (const key of ['onDidGrant', 'onDidChangeMode'] as const) {
    const subscribe = broker[key] as (listener: (value: unknown) => void) => { dispose(): void };
    broker[key] = (listener: (value: unknown) => void) => {
      const subscription = subscribe(listener);
      live += 1;
      let disposed = false;
      return {
        dispose: () => {
          if (!disposed) live -= 1;
          disposed = true;
          subscription.dispose();
        },
      };
    };
  }
  return () => live;
}

describe('between turns of one conversation', () => {
  it('a finished turn stops listening for grants and mode changes, asked or not', async () => {
    const k = await setUp([shellStep('git fetch origin'), reply('a'), reply('b')]);
    const live = liveSubscriptions(k.broker);
    const first = await k.runAnswering({ message: 'fetch' }, 'allow_once');
    await k.run({ conversationId: doneOf(first).conversation_id, message: 'thanks' });
    expect(live()).toBe(0);
  });

  it('"allow once" keeps nothing: the same command is asked again next time', async () => {
    const k = await setUp([shellStep('git fetch origin'), reply('a'), shellStep('git fetch origin', 'sh2'), reply('b')]);
    const first = await k.runAnswering({ message: 'fetch' }, 'allow_once');
    const { conversation_id } = doneOf(first);
    const second = await k.runAnswering({ conversationId: conversation_id, message: 'again' }, 'allow_once');
    expect([asked(first), asked(second)]).toEqual([1, 1]);
    expect((await k.store.get(conversation_id))?.always_allow).toEqual([]);
  });

  it('"always allow" kept in the conversation does not run the call in an unattended turn there: the model is told why', async () => {
    const k = await setUp([shellStep('git status'), reply('clean'), shellStep('git status', 'sh2'), reply('not run')]);
    const { conversation_id } = doneOf(await k.runAnswering({ message: 'status?' }, 'always_allow'));
    const unattended = await k.run({ conversationId: conversation_id, message: 'status again', attendance: 'deny' });
    expect(unattended.find((event) => event.type === 'tool_result')).toMatchObject({
      ok: false,
      output: "shell: git status was not run: it needs a person's approval, and no one can be asked here.",
    });
    expect(k.shell.ran).toEqual(['git status']);
  });

  it('a configured allow rule still runs the call in an unattended turn (it is harombe.yaml, not a grant)', async () => {
    const k = await setUp([shellStep('git status'), reply('clean')], [{ tool: 'shell', match: 'git status', decision: 'allow' }]);
    const unattended = await k.run({ message: 'status', attendance: 'deny' });
    expect(unattended.find((event) => event.type === 'tool_result')).toMatchObject({ ok: true, output: 'ran: git status' });
    expect(k.shell.ran).toEqual(['git status']);
  });

  it("a conversation's own mode holds for its next message when that message names none", async () => {
    const k = await setUp([shellStep('ls'), reply('a'), shellStep('pwd', 'sh2'), reply('b')], [], { config: { approvalMode: 'ask' } });
    const first = await k.runAnswering({ message: 'list', approvalMode: 'trusted' }, 'deny');
    const { conversation_id } = doneOf(first);
    const second = await k.runAnswering({ conversationId: conversation_id, message: 'where' }, 'deny');
    expect([asked(first), asked(second)]).toEqual([0, 0]);
    expect(k.shell.ran).toEqual(['ls', 'pwd']);
    expect((await k.store.get(conversation_id))?.approval_mode).toBe('trusted');
  });
});
