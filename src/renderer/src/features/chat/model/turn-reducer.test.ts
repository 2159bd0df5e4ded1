// The turn reducer: a stream of agent events (and local answers) folds into what the chat shows.
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../../../shared/agent-events';
import { reduceTurn, type TurnAction } from './turn-reducer';
import { newTurn, turnText, turnTimings, type TurnState } from './turn-state';

function run(actions: TurnAction[], start = newTurn('t1', 'hi', 1000)): TurnState {
  return actions.reduce((state, action, index) => reduceTurn(state, action, 2000 + index * 100), start);
}

const shellCall: AgentEvent = { type: 'tool_call', id: 'call_1', name: 'shell', arguments: { command: 'ls -la' }, dangerous: true };
const confirm: AgentEvent = {
  type: 'confirm_required',
  confirmation_id: 'c1',
  conversation_id: 'conv',
  tool_call: { id: 'call_1', name: 'shell', arguments: { command: 'ls -la' } },
  description: 'shell: ls -la',
  expires_at: '2026-12-02T05:00:00Z',
};

describe('reduceTurn', () => {
  it('keeps the MCP server a tool call goes to, for its card', () => {
    const turn = run([{ type: 'tool_call', id: 'm1', name: 'everything__echo', arguments: { message: 'hi' }, dangerous: true, server: 'everything' }]);
    const part = turn.parts[0];
    expect(part?.kind === 'tool' && part.call.server).toBe('everything');
    const unnamed = run([{ type: 'tool_call', id: 'm2', name: 'everything__echo', arguments: {}, dangerous: true }]).parts[0];
    expect(unnamed?.kind === 'tool' && unnamed.call.server).toBe('everything');
    const builtIn = run([shellCall]).parts[0];
    expect(builtIn?.kind === 'tool' && builtIn.call.server).toBeUndefined();
  });

  it("keeps a file write's change on its approval, for the card to show", () => {
    const fileChange = { kind: 'diff' as const, path: 'a.md', new_file: true, added: 1, removed: 0, hunks: [{ old_start: 0, old_lines: 0, new_start: 1, new_lines: 1, lines: ['+hi'] }] };
    const turn = run([shellCall, { ...confirm, file_change: fileChange }]);
    const part = turn.parts[0];
    expect(part?.kind === 'tool' && part.call.confirmation?.fileChange).toEqual(fileChange);
  });

  it('learns its conversation and where its message sits from the first event', () => {
    const turn = run([{ type: 'start', conversation_id: 'conv', message_index: 4 }]);
    expect(turn).toMatchObject({ conversationId: 'conv', messageIndex: 4, status: 'streaming' });
  });

  it('joins tokens into one text part, in order, and records the route', () => {
    const turn = run([
      { type: 'route', node: 'laptop', tier: 1, complexity: 'simple', reason: 'single node' },
      { type: 'token', text: 'Hel' },
      { type: 'token', text: 'lo' },
    ]);
    expect(turn.parts).toEqual([{ kind: 'text', text: 'Hello' }]);
    expect(turn.route?.node).toBe('laptop');
    expect(turn.tokenEvents).toBe(2);
    expect(turn.status).toBe('streaming');
  });

  it('puts a tool call between the text before and after it, and fills in its result', () => {
    const turn = run([
      { type: 'token', text: 'Let me look' },
      shellCall,
      { type: 'tool_result', id: 'call_1', name: 'shell', ok: true, output: 'README.md', ms: 12 },
      { type: 'token', text: 'Found it' },
    ]);
    expect(turn.parts.map((part) => part.kind)).toEqual(['text', 'tool', 'text']);
    expect(turnText(turn)).toBe('Let me lookFound it');
    const tool = turn.parts[1];
    expect(tool?.kind === 'tool' && tool.call).toMatchObject({ status: 'succeeded', output: 'README.md', ms: 12 });
  });

  it('a confirmation waits, then runs once allowed; a denied one says denied', () => {
    const waiting = run([shellCall, confirm]);
    const call = (turn: TurnState) => (turn.parts[0]?.kind === 'tool' ? turn.parts[0].call : undefined);
    expect(call(waiting)).toMatchObject({ status: 'waiting', confirmation: { confirmationId: 'c1', state: 'pending' } });
    expect(waiting.conversationId).toBe('conv');

    const allowed = reduceTurn(waiting, { type: 'confirmation_answered', confirmationId: 'c1', decision: 'allow_once' }, 3000);
    expect(call(allowed)).toMatchObject({ status: 'running', confirmation: { state: 'answered', decision: 'allow_once' } });

    const denied = run([{ type: 'confirmation_answered', confirmationId: 'c1', decision: 'deny' }, { type: 'tool_result', id: 'call_1', name: 'shell', ok: false, output: 'The user declined to run shell: ls -la.', ms: 0 }], waiting);
    expect(call(denied)?.status).toBe('denied');
  });

  it('a card still pending when its result arrives was answered elsewhere or timed out, and says which', () => {
    const timedOut = run([shellCall, confirm, { type: 'tool_result', id: 'call_1', name: 'shell', ok: false, output: 'No one approved shell: ls -la within 5 minutes, so it was not run.', ms: 0 }]);
    const part = timedOut.parts[0];
    expect(part?.kind === 'tool' && part.call).toMatchObject({ status: 'denied', confirmation: { state: 'gone' } });
    expect(part?.kind === 'tool' && part.call.confirmation?.goneReason).toMatch(/Timed out/);

    const allowedElsewhere = run([shellCall, confirm, { type: 'tool_result', id: 'call_1', name: 'shell', ok: true, output: 'x', ms: 3 }]);
    const other = allowedElsewhere.parts[0];
    expect(other?.kind === 'tool' && other.call.confirmation?.goneReason).toMatch(/Allowed elsewhere/);
  });

  it('an answer the server refused (no longer waiting) turns the card to gone, unless the result already came', () => {
    const answered = run([shellCall, confirm, { type: 'confirmation_answered', confirmationId: 'c1', decision: 'allow_once' }]);
    const refused = reduceTurn(answered, { type: 'confirmation_gone', confirmationId: 'c1', reason: 'No longer waiting' }, 5000);
    const card = refused.parts[0];
    expect(card?.kind === 'tool' && card.call.confirmation).toMatchObject({ state: 'gone', goneReason: 'No longer waiting' });

    const ran = run([{ type: 'tool_result', id: 'call_1', name: 'shell', ok: true, output: 'x', ms: 1 }, { type: 'confirmation_gone', confirmationId: 'c1', reason: 'late' }], answered);
    const kept = ran.parts[0];
    expect(kept?.kind === 'tool' && kept.call.confirmation).toMatchObject({ state: 'answered', decision: 'allow_once' });
  });

  it('an error keeps the partial answer and the server hint; later events change nothing', () => {
    const failed = run([
      { type: 'token', text: 'Partial' },
      { type: 'error', code: 'unreachable', message: 'Ollama is not running', hint: 'start it with `ollama serve`' },
      { type: 'token', text: ' more' },
    ]);
    expect(failed.status).toBe('failed');
    expect(turnText(failed)).toBe('Partial');
    expect(failed.error).toEqual({ code: 'unreachable', message: 'Ollama is not running', hint: 'start it with `ollama serve`' });
  });

  it('a cancelled done keeps the text and closes a card that was still waiting', () => {
    const cancelled = run([{ type: 'token', text: 'So far' }, shellCall, confirm, { type: 'done', conversation_id: 'conv', response: 'So far', steps: 1, cancelled: true }]);
    expect(cancelled.status).toBe('cancelled');
    const part = cancelled.parts[1];
    expect(part?.kind === 'tool' && part.call.confirmation?.state).toBe('gone');
  });

  it('remembers whether Stop was pressed here, so a cancel from elsewhere is told apart', () => {
    const cancelled: TurnAction = { type: 'done', conversation_id: 'conv', response: '', steps: 1, cancelled: true };
    expect(run([{ type: 'stop_requested' }, cancelled]).stopRequested).toBe(true);
    expect(run([cancelled]).stopRequested).toBeUndefined();
  });

  it('times the turn: duration from the start, tokens per second from the first token', () => {
    const done = run([
      { type: 'token', text: 'a' },
      { type: 'token', text: 'b' },
      { type: 'done', conversation_id: 'conv', response: 'ab', steps: 1, usage: { prompt_tokens: 5, completion_tokens: 20, total_tokens: 25 } },
    ]);
    expect(done.status).toBe('done');
    expect(done.conversationId).toBe('conv');
    // started 1000, first token 2000, finished 2200: 1.2 s in all, 20 tokens in 0.2 s.
    expect(turnTimings(done)).toEqual({ durationMs: 1200, tokensPerSecond: 100 });
  });
});
