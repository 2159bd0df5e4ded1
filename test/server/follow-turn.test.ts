// GET /conversations/:id/events over a socket: a client that joins a running turn late (a reloaded window) gets its
// events so far, then the rest live, and the stream ends with the turn; 404 when nothing runs there.
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/shared';
import { readServerSentEvents } from '../../src/shared/server-sent-events';
import { TEST_LOCAL_TOKEN, Gate, sampleConversation, whenAborted } from '../support/fake-services';
import { useFakeWorldServer } from '../support/fake-world-server';
import { SseReader } from '../support/sse-reader';

const startServer = useFakeWorldServer();

const auth = { authorization: `Bearer ${TEST_LOCAL_TOKEN}` };

describe('GET /conversations/:id/events', () => {
  it('replays the running turn so far, then follows it live to its end', async () => {
    const { url, turns, conversations } = await startServer();
    await conversations.save(sampleConversation('conv-f'));
    const more = new Gate();
    turns.script = async function* (input) {
      yield { type: 'start', conversation_id: 'conv-f', message_index: 2 };
      yield { type: 'token', text: 'Hel' };
      yield { type: 'token', text: 'lo' };
      await Promise.race([more.opened, whenAborted(input.signal)]);
      yield { type: 'token', text: ', world' };
      yield { type: 'done', conversation_id: 'conv-f', response: 'Hello, world', steps: 1 };
    };
    const first = await SseReader.open(`${url}/chat/stream`, { message: 'hi', conversation_id: 'conv-f' }, auth);
    await first.until('token');
    await first.until('token');

    const response = await fetch(`${url}/conversations/conv-f/events`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = readServerSentEvents(response.body!);
    // What was said before the reload comes first: the start, then the text so far.
    expect((await events.next()).value).toEqual({ type: 'start', conversation_id: 'conv-f', message_index: 2 });
    expect((await events.next()).value).toEqual({ type: 'token', text: 'Hello' });

    more.open();
    const rest: AgentEvent[] = [];
    for await (const event of events) rest.push(event as AgentEvent);
    expect(rest).toEqual([
      { type: 'token', text: ', world' },
      { type: 'done', conversation_id: 'conv-f', response: 'Hello, world', steps: 1 },
    ]);
    await first.rest();
  });

  it('follows a turn that waits for an approval after its own stream closed, through to its answer', async () => {
    const { url, turns, conversations } = await startServer();
    await conversations.save(sampleConversation('conv-w'));
    const answered = new Gate();
    turns.script = async function* (input) {
      yield { type: 'start', conversation_id: 'conv-w', message_index: 0 };
      yield {
        type: 'confirm_required',
        confirmation_id: 'c-1',
        conversation_id: 'conv-w',
        tool_call: { id: 't1', name: 'shell', arguments: { command: 'ls' } },
        description: 'shell: ls',
        expires_at: new Date(0).toISOString(),
      };
      await Promise.race([answered.opened, whenAborted(input.signal)]);
      yield { type: 'tool_result', id: 't1', name: 'shell', ok: true, output: 'README.md', ms: 1 };
      yield { type: 'done', conversation_id: 'conv-w', response: 'One file.', steps: 2 };
    };
    const first = await SseReader.open(`${url}/chat/stream`, { message: 'list', conversation_id: 'conv-w' }, auth);
    await first.until('confirm_required');
    first.close();

    const response = await fetch(`${url}/conversations/conv-w/events`, { headers: auth });
    const events = readServerSentEvents(response.body!);
    const seen: string[] = [];
    for await (const event of events) {
      const type = (event as AgentEvent).type;
      seen.push(type);
      if (type === 'confirm_required') answered.open();
    }
    expect(seen).toEqual(['start', 'confirm_required', 'tool_result', 'done']);
  });

  it('a page reloaded mid-answer (rejoin_grace_ms) rejoins its turn: the answer so far, then the rest, nothing cancelled', async () => {
    const { url, turns, conversations } = await startServer();
    await conversations.save(sampleConversation('conv-r'));
    const more = new Gate();
    let aborted: boolean | undefined;
    turns.script = async function* (input) {
      yield { type: 'start', conversation_id: 'conv-r', message_index: 0 };
      yield { type: 'token', text: 'Once upon' };
      await Promise.race([more.opened, whenAborted(input.signal)]);
      aborted = input.signal?.aborted;
      yield { type: 'token', text: ' a time' };
      yield { type: 'done', conversation_id: 'conv-r', response: 'Once upon a time', steps: 1 };
    };
    const first = await SseReader.open(`${url}/chat/stream`, { message: 'story', conversation_id: 'conv-r', rejoin_grace_ms: 60_000 }, auth);
    await first.until('token');
    first.close();

    const response = await fetch(`${url}/conversations/conv-r/events`, { headers: auth });
    expect(response.status).toBe(200);
    const events = readServerSentEvents(response.body!);
    expect((await events.next()).value).toMatchObject({ type: 'start' });
    expect((await events.next()).value).toEqual({ type: 'token', text: 'Once upon' });
    more.open();
    const rest: AgentEvent[] = [];
    for await (const event of events) rest.push(event as AgentEvent);
    expect(rest.map((event) => event.type)).toEqual(['token', 'done']);
    expect(aborted).toBe(false);
  });

  it('a turn left mid-answer that nobody rejoins is cancelled once its grace is over', async () => {
    const { url, turns, conversations } = await startServer();
    await conversations.save(sampleConversation('conv-g'));
    let sawAbort!: () => void;
    const cancelled = new Promise<void>((resolve) => (sawAbort = resolve));
    turns.script = async function* (input) {
      yield { type: 'start', conversation_id: 'conv-g', message_index: 0 };
      yield { type: 'token', text: 'Thinking' };
      await whenAborted(input.signal);
      sawAbort();
      yield { type: 'done', conversation_id: 'conv-g', response: 'Thinking', steps: 1, cancelled: true };
    };
    const first = await SseReader.open(`${url}/chat/stream`, { message: 'hi', conversation_id: 'conv-g', rejoin_grace_ms: 20 }, auth);
    await first.until('token');
    first.close();
    await cancelled;
  });

  it('answers 404 saying the turn is over when nothing runs, and 404 for an unknown conversation', async () => {
    const { url, conversations } = await startServer();
    await conversations.save(sampleConversation('conv-idle'));
    const idle = await fetch(`${url}/conversations/conv-idle/events`, { headers: auth });
    expect(idle.status).toBe(404);
    expect(await idle.json()).toMatchObject({ error: { code: 'turn_not_running' } });
    const unknown = await fetch(`${url}/conversations/nope/events`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'conversation_not_found' } });
  });

  it('needs the local token', async () => {
    const { url } = await startServer();
    expect((await fetch(`${url}/conversations/conv-idle/events`)).status).toBe(401);
  });
});
