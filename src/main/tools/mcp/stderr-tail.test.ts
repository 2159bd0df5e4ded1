// A stdio server's stderr as its status shows it: the last lines, and the line that says why it stopped.
import { describe, expect, it } from 'vitest';
import { StderrTail } from './stderr-tail';

describe('StderrTail', () => {
  it('keeps the last lines across chunks, without blank ones', () => {
    const tail = new StderrTail(3);
    tail.push('one\ntw');
    tail.push('o\n\nthree\nfour\nfi');
    expect(tail.snapshot()).toEqual(['three', 'four', 'fi']);
  });

  it('names the last line that reports a problem, not the runtime banner after it', () => {
    const tail = new StderrTail();
    tail.push("Error: Cannot find module '/srv/server.js'\n    at Module._resolveFilename\n\nNode.js v24.1.0\n");
    expect(tail.last()).toBe("Error: Cannot find module '/srv/server.js'");
    const quiet = new StderrTail();
    quiet.push('listening\n');
    expect(quiet.last()).toBe('listening');
  });

  it('a line without end is cut, so a server writing no newline cannot fill memory', () => {
    const tail = new StderrTail();
    tail.push('x'.repeat(100_000));
    expect(tail.snapshot()[0]?.length).toBe(500);
  });

  it('leaves out lines of only spaces, keeps at most maxLines, and marks a long line cut', () => {
    const tail = new StderrTail(2);
    tail.push('   \n\t\nfirst\nsecond\n' + 'y'.repeat(600) + '\n  \n');
    expect(tail.snapshot()).toEqual(['second', `${'y'.repeat(500)} …`]);
    const exact = new StderrTail();
    exact.push('z'.repeat(500) + '\n');
    expect(exact.snapshot()).toEqual(['z'.repeat(500)]);
  });

  it('shows an unfinished last line unless it is only spaces', () => {
    const tail = new StderrTail();
    tail.push('done\n   ');
    expect(tail.snapshot()).toEqual(['done']);
    tail.push('still going');
    expect(tail.snapshot()).toEqual(['done', '   still going']);
  });

  it('hides what it is told to in every line it keeps, the unfinished one too', () => {
    const tail = new StderrTail(20, (line) => line.replaceAll('sk-123', '***'));
    tail.push('key sk-123\npartial sk-123');
    expect(tail.snapshot()).toEqual(['key ***', 'partial ***']);
  });

  it('has nothing to say before the server wrote anything', () => {
    expect(new StderrTail().last()).toBeUndefined();
    expect(new StderrTail().snapshot()).toEqual([]);
  });
});
