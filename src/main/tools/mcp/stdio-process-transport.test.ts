// A stdio MCP server's process as its status reports it (exit code, signal) and as dispose() leaves it: gone, however
// stubborn. Real short-lived Node processes, no MCP session (none is needed to start or stop one).
import { describe, expect, it } from 'vitest';
import { StdioProcessTransport } from './stdio-process-transport';

/** A Node process running `script`; the grace is short so a stubborn one is escalated quickly. */
const node = (script: string, grace = 50) => new StdioProcessTransport({ command: process.execPath, args: ['-e', script], stderr: 'pipe' }, grace);
const alive = (pid: number | undefined) => {
  try {
    process.kill(pid ?? 0, 0);
    return true;
  } catch {
    return false;
  }
};
/** Says "up" on stderr once its handlers are in place, so no signal arrives before they are. */
const STUBBORN_TERM = `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); process.stderr.write('up\\n');`;

async function started(transport: StdioProcessTransport, waitForUp = false): Promise<void> {
  const up = waitForUp ? new Promise((resolve) => transport.stderr?.once('data', resolve)) : undefined;
  await transport.start();
  await up;
}

describe('StdioProcessTransport', () => {
  it('records how a server that leaves by itself exited, and has no process id after', async () => {
    const transport = node('process.exit(3)');
    await started(transport);
    expect(await transport.exited).toEqual({ code: 3, signal: null });
    expect(transport.exit).toEqual({ code: 3, signal: null });
    expect(transport.processId).toBeUndefined();
    await transport.close();
  });

  it('gives the running server’s process id', async () => {
    const transport = node('process.stdin.resume(); process.stdin.on("end", () => process.exit(0))');
    await started(transport);
    const pid = transport.processId;
    expect(typeof pid).toBe('number');
    expect(alive(pid)).toBe(true);
    await transport.close();
    expect(alive(pid)).toBe(false);
  });

  it('close() lets a server that leaves when its stdin closes exit on its own', async () => {
    // A grace long enough for a loaded machine: this one is never meant to need a signal.
    const transport = node(`process.stdin.resume(); process.stdin.on('end', () => process.exit(0)); process.stderr.write('up\\n');`, 5000);
    await started(transport, true);
    await transport.close();
    expect(transport.exit).toEqual({ code: 0, signal: null });
  });

  it('close() stops a server that ignores its stdin with SIGTERM', async () => {
    const transport = node(`setInterval(() => {}, 1000); process.stderr.write('up\\n');`);
    await started(transport, true);
    await transport.close();
    expect(transport.exit).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('close() kills a server that ignores SIGTERM too, and returns only once it is gone', async () => {
    const transport = node(STUBBORN_TERM);
    await started(transport, true);
    const pid = transport.processId;
    await transport.close();
    expect(transport.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(alive(pid)).toBe(false);
  });

  it('close() returns when the server is gone even if a process it started still holds its pipes', async () => {
    const transport = node(
      `const c = require('node:child_process').spawn('sleep', ['30'], { stdio: ['ignore', 'inherit', 'inherit'] });` +
        `process.stdin.resume(); process.stdin.on('end', () => process.exit(0)); process.stderr.write('grandchild ' + c.pid + '\\n');`,
      300,
    );
    const said = new Promise<string>((resolve) => transport.stderr?.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    await started(transport);
    const grandchild = Number(/grandchild (\d+)/.exec(await said)?.[1]);
    try {
      await transport.close();
      expect(transport.exit).toBeDefined();
      expect(transport.processId).toBeUndefined();
    } finally {
      process.kill(grandchild);
    }
  });

  it('close() before start, or after the server left, has nothing to stop', async () => {
    await node('').close();
    const transport = node('process.exit(0)');
    await started(transport);
    await transport.exited;
    await transport.close();
    expect(transport.exit).toEqual({ code: 0, signal: null });
  });
});
