// The health judgement as a table: each row one check outcome, and the status and reason `harombe cluster status` shows.
import { describe, expect, it } from 'vitest';
import type { NodeHealth } from '../../shared';
import { UNKNOWN_HEALTH } from './cluster-node';
import { judgeHealth, type CheckOutcome, type JudgedNode } from './health-judgement';

const AT = '2026-01-01T00:00:00.000Z';
const SETTINGS = { slowThresholdMs: 2_000, latencySmoothing: 0.5 };
const ollamaNode: JudgedNode = { name: 'gpu', host: '10.0.0.2', port: 11434, modelKey: 'qwen2.5:3b', model: 'qwen2.5:3b', kind: 'ollama' };
const harombeNode: JudgedNode = { name: 'desk', host: '10.0.0.3', port: 8000, modelKey: 'qwen2.5:3b', model: 'qwen2.5:3b', kind: 'harombe' };

function answered(latencyMs: number, served: string[] = ['qwen2.5:3b'], cannotAnswer?: string): CheckOutcome {
  return {
    ok: true,
    latencyMs,
    result: { servedModels: served, modelOk: true, ...(cannotAnswer ? { cannotAnswer } : {}) },
    servedModels: served,
    servedKeys: new Set(served),
    availableReason: `answered in ${latencyMs} ms`,
    at: AT,
  };
}

const failedCheck: CheckOutcome = { ok: false, error: 'Cannot reach http://10.0.0.2:11434 (ECONNREFUSED).', at: AT };
const healthy: NodeHealth = { ...UNKNOWN_HEALTH, status: 'available', latency_ms: 100, model_ok: true, consecutive_failures: 0 };
const twiceFailed: NodeHealth = { ...UNKNOWN_HEALTH, status: 'unavailable', latency_ms: 100, consecutive_failures: 2 };

describe('judgeHealth', () => {
  it.each<[string, JudgedNode, NodeHealth, CheckOutcome, boolean[], Partial<NodeHealth>]>([
    ['a node that answers quickly with its model is available', ollamaNode, UNKNOWN_HEALTH, answered(40), [true], { status: 'available', reason: 'answered in 40 ms', model_ok: true, latency_ms: 40 }],
    ['no answer: unavailable, with the check\'s own words, one more failure in a row', ollamaNode, twiceFailed, failedCheck, [false], { status: 'unavailable', reason: failedCheck.ok ? '' : failedCheck.error, consecutive_failures: 3, latency_ms: 100 }],
    ['an Ollama without the model: unavailable, and how to pull it', ollamaNode, UNKNOWN_HEALTH, answered(40, ['llama3.2:1b']), [true], { status: 'unavailable', model_ok: false, reason: 'serves llama3.2:1b, not qwen2.5:3b as configured; run `ollama pull qwen2.5:3b` there' }],
    ['another kind without the model: unavailable, fix the node\'s model', harombeNode, UNKNOWN_HEALTH, answered(40, []), [true], { status: 'unavailable', reason: "serves no models, not qwen2.5:3b as configured; fix the node's model" }],
    ['more than five served models are cut short', ollamaNode, UNKNOWN_HEALTH, answered(40, ['a', 'b', 'c', 'd', 'e', 'f']), [true], { reason: 'serves a, b, c, d, e, …, not qwen2.5:3b as configured; run `ollama pull qwen2.5:3b` there' }],
    ['exactly five served models are all named, with nothing cut', ollamaNode, UNKNOWN_HEALTH, answered(40, ['a', 'b', 'c', 'd', 'e']), [true], { reason: 'serves a, b, c, d, e, not qwen2.5:3b as configured; run `ollama pull qwen2.5:3b` there' }],
    ['an average exactly at the slow threshold is not slow yet', ollamaNode, { ...healthy, latency_ms: 2_000 }, answered(2_000), [true], { status: 'available', latency_ms: 2_000 }],
    ['a harombe that answers but cannot serve a turn: unavailable, in its words', harombeNode, healthy, answered(40, ['qwen2.5:3b'], 'its model server is down'), [true], { status: 'unavailable', model_ok: true, reason: 'its model server is down' }],
    ['slow on average: degraded, saying how slow', ollamaNode, { ...healthy, latency_ms: 3_000 }, answered(2_000), [true], { status: 'degraded', latency_ms: 2_500, reason: 'slow: 2.5 s on average (over 2 s)' }],
    ['one fast answer does not hide a slow average (the average is smoothed)', ollamaNode, { ...healthy, latency_ms: 5_000 }, answered(10), [true], { status: 'degraded', latency_ms: 2_505 }],
    ['answering again after failures: degraded while recovering', ollamaNode, twiceFailed, answered(40), [false, false, true], { status: 'degraded', consecutive_failures: 0, reason: 'recovering: 2 of the last 3 checks failed' }],
    ['refused: the fix asks whether the server runs there', ollamaNode, healthy, failedCheck, [false], { fix: 'Is `ollama serve` running on 10.0.0.2:11434? Start it there with OLLAMA_HOST=0.0.0.0, or correct the host and port of gpu in cluster.nodes.' }],
    ['the model missing: the fix pulls it on that machine', ollamaNode, healthy, answered(40, ['llama3.2:1b']), [true], { fix: 'Run `ollama pull qwen2.5:3b` on 10.0.0.2, or set the model of gpu to one it has (it serves llama3.2:1b).' }],
    ['a harombe whose model server is down: start it there', harombeNode, healthy, answered(40, ['qwen2.5:3b'], 'its model server is down'), [true], { fix: expect.stringContaining('Start the model server on 10.0.0.3 (`ollama serve`)') }],
    ['slow on average: the fix says why it may be slow and what helps', ollamaNode, { ...healthy, latency_ms: 3_000 }, answered(2_000), [true], { fix: 'gpu answers slowly: it may be busy or its model too large for it; a smaller model, or a higher tier for it, helps.' }],
    ['available again: no fix left over', ollamaNode, { ...twiceFailed, fix: 'Is `ollama serve` running …' }, answered(40), [true], { status: 'available', fix: null }],
  ])('%s', (_name, node, previous, outcome, recent, expected) => {
    expect(judgeHealth(node, previous, outcome, recent, SETTINGS)).toMatchObject({ ...expected, last_check: AT });
  });

  it('keeps the last 30 check latencies for a sparkline, oldest first, a failed check as null', () => {
    let health: NodeHealth = UNKNOWN_HEALTH;
    for (let check = 1; check <= 32; check += 1) {
      health = judgeHealth(ollamaNode, health, check === 31 ? failedCheck : answered(check), [true], SETTINGS);
    }
    expect(health.recent_latencies_ms).toHaveLength(30);
    expect(health.recent_latencies_ms.slice(0, 2)).toEqual([3, 4]);
    expect(health.recent_latencies_ms.slice(-3)).toEqual([30, null, 32]);
    expect(UNKNOWN_HEALTH.recent_latencies_ms).toEqual([]);
  });

  it('never holds more than 30 latencies, at any check', () => {
    let health: NodeHealth = UNKNOWN_HEALTH;
    for (let check = 1; check <= 33; check += 1) {
      health = judgeHealth(ollamaNode, health, answered(check), [true], SETTINGS);
      expect(health.recent_latencies_ms).toHaveLength(Math.min(check, 30));
      expect(health.recent_latencies_ms.at(-1)).toBe(check);
    }
  });
});
