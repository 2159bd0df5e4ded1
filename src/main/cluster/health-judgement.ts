// From one health check's outcome to a node's health (available, degraded or unavailable, with the reason): pure, so
// every rule is a row in a table test, apart from the monitor's timers, retries and transport.
import type { NodeHealth, NodeKind } from '../../shared';
import { formatDuration } from '../../shared/format';
import { classifyCheckFailure, healthFix, type FixedNode } from './health-fix';
import type { ProbeResult } from './node-probe';

/**
 * One probe's result, worked out once for all the nodes it answers for: when it finished (ISO text), and on success
 * the models served (normalized, to look a node's up) and the reason an available node gets.
 */
export type CheckOutcome = (
  | { ok: true; latencyMs: number; result: ProbeResult; servedModels: string[]; servedKeys: ReadonlySet<string>; availableReason: string }
  | { ok: false; error: string }
) & { at: string };

/** What the judgement needs of a node: its name, address and kind, and the model it is configured with (and its key). */
export interface JudgedNode extends FixedNode {
  modelKey: string;
  kind: NodeKind;
}

/** Check latencies a node's health keeps for a sparkline. */
export const RECENT_LATENCIES = 30;

function withLatency(previous: readonly (number | null)[], latencyMs: number | null): (number | null)[] {
  const next = previous.length >= RECENT_LATENCIES ? previous.slice(previous.length - RECENT_LATENCIES + 1) : [...previous];
  next.push(latencyMs === null ? null : Math.round(latencyMs * 10) / 10);
  return next;
}

export interface JudgementSettings {
  /** Smoothed latency above this makes an answering node `degraded`. */
  slowThresholdMs: number;
  /** Weight of the newest latency in the moving average, 0..1. */
  latencySmoothing: number;
}

/**
 * The node's next health. `recent` holds the endpoint's last attempts, newest last (true: answered); a failure among
 * them makes an answering node `degraded` (recovering). In order: no answer, the wrong model, an answer that says it
 * cannot serve a turn, slow, recovering, available.
 */
export function judgeHealth(node: JudgedNode, previous: NodeHealth, outcome: CheckOutcome, recent: readonly boolean[], settings: JudgementSettings): NodeHealth {
  const lastCheck = outcome.at;
  if (!outcome.ok) {
    return {
      ...previous,
      status: 'unavailable',
      reason: outcome.error,
      fix: healthFix(node, classifyCheckFailure(outcome.error)),
      last_check: lastCheck,
      consecutive_failures: previous.consecutive_failures + 1,
      recent_latencies_ms: withLatency(previous.recent_latencies_ms, null),
    };
  }
  const { latencySmoothing, slowThresholdMs } = settings;
  const latency = previous.latency_ms === null ? outcome.latencyMs : latencySmoothing * outcome.latencyMs + (1 - latencySmoothing) * previous.latency_ms;
  const modelOk = outcome.servedKeys.has(node.modelKey);
  const base = {
    latency_ms: Math.round(latency * 10) / 10,
    last_check: lastCheck,
    consecutive_failures: 0,
    model_ok: modelOk,
    served_models: outcome.servedModels,
    recent_latencies_ms: withLatency(previous.recent_latencies_ms, outcome.latencyMs),
  };
  if (!modelOk) {
    const served = outcome.result.servedModels;
    const list = served.length === 0 ? 'no models' : served.slice(0, 5).join(', ') + (served.length > 5 ? ', …' : '');
    const fix = node.kind === 'ollama' ? `run \`ollama pull ${node.model}\` there` : "fix the node's model";
    return {
      ...base,
      status: 'unavailable',
      reason: `serves ${list}, not ${node.model} as configured; ${fix}`,
      fix: healthFix(node, { kind: 'model_missing', served }),
    };
  }
  if (outcome.result.cannotAnswer) {
    // It answers its health check, but a turn sent there would fail: not a node to route to.
    return { ...base, status: 'unavailable', reason: outcome.result.cannotAnswer, fix: healthFix(node, { kind: 'model_server_down' }) };
  }
  if (latency > slowThresholdMs) {
    return {
      ...base,
      status: 'degraded',
      reason: `slow: ${formatDuration(Math.round(latency))} on average (over ${formatDuration(slowThresholdMs)})`,
      fix: healthFix(node, { kind: 'slow' }),
    };
  }
  const failed = recent.filter((ok) => !ok).length;
  if (failed > 0) return { ...base, status: 'degraded', reason: `recovering: ${failed} of the last ${recent.length} checks failed`, fix: null };
  return { ...base, status: 'available', reason: outcome.availableReason, fix: null };
}
