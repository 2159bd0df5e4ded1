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
});
