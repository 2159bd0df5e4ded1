// The fix shown under a node's reason: the server's when it sends one, else one read from the reason, per kind.
import { describe, expect, it } from 'vitest';
import { nodeStatus } from '../testing/node-status';
import { formatAgo, formatCountdown } from './format';
import { nodeFix } from './node-fix';

describe('nodeFix', () => {
  it('nothing to fix on an available node', () => {
    expect(nodeFix(nodeStatus())).toBeUndefined();
  });

  it("the server's own fix wins", () => {
    expect(nodeFix(nodeStatus({ health: { status: 'unavailable', reason: 'x', fix: 'Run `harombe start` on gpu.lan' } }))).toBe('Run `harombe start` on gpu.lan');
  });

  it('connection refused: is harombe start running there (an Ollama: ollama serve)', () => {
    const refused = { status: 'unavailable' as const, reason: 'Cannot reach http://192.168.1.50:8000 (ECONNREFUSED)' };
    expect(nodeFix(nodeStatus({ health: refused }))).toContain('is `harombe start` running on 192.168.1.50');
    expect(nodeFix(nodeStatus({ kind: 'ollama', health: refused }))).toContain('ollama serve');
  });

  it('401: the auth_token does not match', () => {
    expect(nodeFix(nodeStatus({ health: { status: 'unavailable', reason: 'http://x refused the health check (401)' } }))).toMatch(/^401 — the auth_token does not match/);
  });

  it('a model not pulled: ollama pull it on that machine', () => {
    expect(nodeFix(nodeStatus({ health: { status: 'unavailable', reason: 'serves llama3.2:3b, not qwen2.5:14b', model_ok: false } }))).toContain('`ollama pull qwen2.5:14b` on 192.168.1.50');
  });
});

describe('countdown and ago', () => {
  const now = Date.parse('2026-12-02T06:00:00.000Z');
  it('counts down to the next try, then says now', () => {
    expect(formatCountdown('2026-12-02T06:00:12.000Z', now)).toBe('in 12 s');
    expect(formatCountdown('2026-12-02T06:02:05.000Z', now)).toBe('in 2 min 5 s');
    expect(formatCountdown('2026-12-02T05:59:59.000Z', now)).toBe('now');
  });
  it('says how long ago a check was', () => {
    expect(formatAgo(null, now)).toBe('never');
    expect(formatAgo('2026-12-02T05:59:52.000Z', now)).toBe('8 s ago');
    expect(formatAgo('2026-12-02T05:57:00.000Z', now)).toBe('3 min ago');
  });
});
