// Edit / regenerate in the store: the live turns at or after the replaced message go; the new turn follows the rest.
import { describe, expect, it } from 'vitest';
import { newTurn } from '../model/turn-state';
import { replacedTurns, type LiveTurn } from './chat-store';

const live = (id: string, messageIndex: number | undefined, base: number): LiveTurn => ({
  ...newTurn(id, id, 0, 'conv'),
  status: 'done',
  baseMessageCount: base,
  ...(messageIndex !== undefined ? { messageIndex } : {}),
});

describe('replacedTurns', () => {
  const next = newTurn('next', 'edited', 0, 'conv');

  it('keeps the live turns before the replaced message and drops it and those after', () => {
    const turns = [live('a', 4, 4), live('b', 6, 4), live('c', 8, 4)];
    expect(replacedTurns(turns, 6, next).map((turn) => [turn.id, turn.baseMessageCount])).toEqual([
      ['a', 4],
      ['next', 4],
    ]);
  });

  it('a message from the saved history drops every live turn, and history ends where the new turn begins', () => {
    const turns = [live('a', 4, 4), live('b', 6, 4)];
    expect(replacedTurns(turns, 2, next).map((turn) => [turn.id, turn.baseMessageCount])).toEqual([['next', 2]]);
    expect(replacedTurns([], 0, next).map((turn) => [turn.id, turn.baseMessageCount])).toEqual([['next', 0]]);
  });

  it('a live turn the server never placed (it failed before starting) goes too', () => {
    expect(replacedTurns([live('a', 4, 4), live('x', undefined, 4)], 6, next).map((turn) => turn.id)).toEqual(['a', 'next']);
  });
});
