// GET /conversations/:id/events over a socket: a client that joins a running turn late (a reloaded window) gets its
// events so far, then the rest live, and the stream ends with the turn; 404 when nothing runs there.
import { afterEach, describe, expect, it } from 'vitest';
import { HarombeServer } from '../../src/main/server';
import type { AgentEvent } from '../../src/shared';
import { readServerSentEvents } from '../../src/shared/server-sent-events';
import { TEST_LOCAL_TOKEN, Gate, fakeWorld, sampleConversation, whenAborted } from '../support/fake-services';
import { SseReader } from '../support/sse-reader';

let server: HarombeServer | undefined;
afterEach(async () => {
  await server?.stop({ graceDeadlineMs: 0 });
  server = undefined;
});

async function startServer() {
  const world = fakeWorld();
  server = new HarombeServer(world.services, { host: '127.0.0.1', port: 0, localToken: TEST_LOCAL_TOKEN });
  const { url } = await server.start();
  return { ...world, url };
}

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
