// A running turn's event log: a late reader gets everything so far (the text in one token), then each new event once.
import { describe, expect, it } from 'vitest';
import { TurnEventLog } from './turn-event-log';

describe('TurnEventLog', () => {
  it('gives a late reader the text so far in one token, then only what is added, and ends with the turn', async () => {
    const log = new TurnEventLog();
    log.record({ type: 'start', conversation_id: 'c', message_index: 0 });
    log.record({ type: 'token', text: 'a' });
    log.record({ type: 'token', text: 'b' });
    const reader = log.follow(new AbortController().signal);
    expect((await reader.next()).value).toEqual({ type: 'start', conversation_id: 'c', message_index: 0 });
    expect((await reader.next()).value).toEqual({ type: 'token', text: 'ab' });
    const waiting = reader.next();
    log.record({ type: 'token', text: 'c' });
    expect((await waiting).value).toEqual({ type: 'token', text: 'c' });
    log.record({ type: 'done', conversation_id: 'c', response: 'abc', steps: 1 });
    log.close();
    expect((await reader.next()).value).toEqual({ type: 'done', conversation_id: 'c', response: 'abc', steps: 1 });
    expect((await reader.next()).done).toBe(true);
  });

  it('stops a reader that leaves', async () => {
    const log = new TurnEventLog();
    const leave = new AbortController();
    const reader = log.follow(leave.signal);
    const waiting = reader.next();
    leave.abort();
    expect((await waiting).done).toBe(true);
  });
});
