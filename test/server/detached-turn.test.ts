// Over a socket: a turn waiting for an approval outlives its closed stream and finishes when the approval is answered;
// a turn doing anything else is cancelled when its stream closes.
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/shared';
import { TEST_LOCAL_TOKEN, Gate, sampleConversation, whenAborted } from '../support/fake-services';
import { useFakeWorldServer } from '../support/fake-world-server';
import { SseReader } from '../support/sse-reader';

const startServer = useFakeWorldServer();

const confirm: AgentEvent = {
  type: 'confirm_required',
  confirmation_id: 'c-1',
  conversation_id: 'conv-w',
  tool_call: { id: 't1', name: 'shell', arguments: { command: 'ls' } },
  description: 'shell: ls',
  expires_at: new Date(0).toISOString(),
};

describe('a streamed turn whose client goes away', () => {
  it('runs on while it waits for an approval, and ends when the approval is answered', async () => {
    const { url, turns, conversations } = await startServer();
    await conversations.save(sampleConversation('conv-w'));
    const running = async () => ((await (await fetch(`${url}/conversations/conv-w`, { headers: { authorization: `Bearer ${TEST_LOCAL_TOKEN}` } })).json()) as { running?: boolean }).running;
    expect(await running()).toBeUndefined();
    const answered = new Gate();
    let finished!: (aborted: boolean) => void;
    const end = new Promise<boolean>((resolve) => (finished = resolve));
    turns.script = async function* (input) {
      yield { type: 'start', conversation_id: 'conv-w', message_index: 0 };
      yield confirm;
      await Promise.race([answered.opened, whenAborted(input.signal)]);
      yield { type: 'tool_result', id: 't1', name: 'shell', ok: true, output: 'README.md', ms: 1 };
      yield { type: 'done', conversation_id: 'conv-w', response: 'One file.', steps: 2 };
      finished(input.signal?.aborted ?? false);
    };
    const stream = await SseReader.open(`${url}/chat/stream`, { message: 'list files' });
    await stream.until('confirm_required');
    stream.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(turns.inputs[0]?.signal?.aborted).toBe(false);
    // A reloaded page learns that the turn goes on, and polls the conversation until it is done.
    expect(await running()).toBe(true);

    answered.open();
    expect(await end).toBe(false);
    await expect.poll(running).toBeUndefined();
  });

  it('is cancelled when it is not waiting for anyone (the model is answering)', async () => {
    const { url, turns } = await startServer();
    let cancelled!: () => void;
    const sawAbort = new Promise<void>((resolve) => (cancelled = resolve));
    turns.script = async function* (input) {
      yield { type: 'start', conversation_id: 'conv-t', message_index: 0 };
      yield { type: 'token', text: 'Thinking' };
      await whenAborted(input.signal);
      cancelled();
      yield { type: 'done', conversation_id: 'conv-t', response: 'Thinking', steps: 1, cancelled: true };
    };
    const stream = await SseReader.open(`${url}/chat/stream`, { message: 'hi' });
    await stream.until('token');
    stream.close();
    await sawAbort;
  });
});
