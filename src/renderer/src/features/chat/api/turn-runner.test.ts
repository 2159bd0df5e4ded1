// @vitest-environment jsdom
// The turn runner over a scripted API: Stop before the turn named its conversation still cancels it on the server,
// and a running turn this tab did not start is rejoined into a live turn (its question from the saved messages).
import '../../../lib/testing/dom-test-setup';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../../shared/api-client';
import { useSession } from '../../../lib/api';
import { findTurn, NEW_CONVERSATION, useChatStore } from '../stores/chat-store';
import { followTurn, startTurn, stopTurn } from './turn-runner';

/** A server whose event streams the test writes to, recording every request. */
function scriptedServer() {
  const requests: { method: string; path: string; body?: string }[] = [];
  const streams = new Map<string, ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const path = new URL(String(input)).pathname;
    requests.push({ method: init?.method ?? 'GET', path, ...(typeof init?.body === 'string' ? { body: init.body } : {}) });
    if (path === '/chat/stream' || path.endsWith('/events')) {
      const body = new ReadableStream<Uint8Array>({ start: (controller) => void streams.set(path, controller) });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }
    if (path.endsWith('/cancel')) return Response.json({ conversation_id: path.split('/')[2], cancelled: true });
    return Response.json({ conversations: [] });
  };
  const send = (path: string, event: { type: string } & Record<string, unknown>) => streams.get(path)?.enqueue(encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
  const end = (path: string) => streams.get(path)?.close();
  return { requests, fetch, send, end, opened: (path: string) => streams.has(path) };
}

let server: ReturnType<typeof scriptedServer>;
const queryClient = new QueryClient();

beforeEach(() => {
  server = scriptedServer();
  useSession.setState({ client: new ApiClient({ baseUrl: 'http://127.0.0.1:8000', token: 't', fetch: server.fetch }) });
  useChatStore.setState({ liveTurns: {}, selected: NEW_CONVERSATION, approvalModes: {} });
});
afterEach(() => queryClient.clear());

const until = async (check: () => boolean) => {
  for (let tries = 0; tries < 200 && !check(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe('turn runner', () => {
  it('Stop before the turn named its conversation cancels it on the server once its start event comes', async () => {
    const turnId = startTurn({ conversationId: undefined, message: 'hi', baseMessageCount: 0, queryClient });
    await until(() => server.opened('/chat/stream'));
    await stopTurn(turnId);
    expect(server.requests.some((request) => request.path.endsWith('/cancel'))).toBe(false);
    server.send('/chat/stream', { type: 'start', conversation_id: 'conv-1', message_index: 0 });
    await until(() => server.requests.some((request) => request.method === 'POST' && request.path === '/conversations/conv-1/cancel'));
    server.send('/chat/stream', { type: 'done', conversation_id: 'conv-1', response: '', steps: 0, cancelled: true });
    server.end('/chat/stream');
    await until(() => findTurn(turnId)?.turn.status === 'cancelled');
  });

  it('rejoins a running turn: its question from the saved messages, the answer so far and the rest into one live turn', async () => {
    followTurn({ conversationId: 'conv-2', messages: [{ role: 'user', content: 'Sing me a song' }], queryClient });
    await until(() => server.opened('/conversations/conv-2/events'));
    server.send('/conversations/conv-2/events', { type: 'start', conversation_id: 'conv-2', message_index: 0 });
    server.send('/conversations/conv-2/events', { type: 'token', text: 'La la' });
    await until(() => (useChatStore.getState().liveTurns['conv-2'] ?? []).length === 1);
    server.send('/conversations/conv-2/events', { type: 'token', text: ' la' });
    server.send('/conversations/conv-2/events', { type: 'done', conversation_id: 'conv-2', response: 'La la la', steps: 1 });
    server.end('/conversations/conv-2/events');
    await until(() => useChatStore.getState().liveTurns['conv-2']?.[0]?.status === 'done');
    const [turn] = useChatStore.getState().liveTurns['conv-2']!;
    expect(turn).toMatchObject({ userText: 'Sing me a song', baseMessageCount: 0, parts: [{ kind: 'text', text: 'La la la' }] });
  });

  it("a new conversation's approval mode goes with its first turn, and stays with it once it has an id", async () => {
    useChatStore.getState().setApprovalMode(NEW_CONVERSATION, 'trusted');
    startTurn({ conversationId: undefined, message: 'hi', baseMessageCount: 0, queryClient });
    await until(() => server.opened('/chat/stream'));
    expect(JSON.parse(server.requests.find((request) => request.path === '/chat/stream')!.body!)).toMatchObject({ message: 'hi', approval_mode: 'trusted' });
    server.send('/chat/stream', { type: 'start', conversation_id: 'conv-3', message_index: 0 });
    await until(() => useChatStore.getState().selected === 'conv-3');
    expect(useChatStore.getState().approvalModes).toEqual({ 'conv-3': 'trusted' });
    server.send('/chat/stream', { type: 'done', conversation_id: 'conv-3', response: '', steps: 0 });
    server.end('/chat/stream');
  });
});
