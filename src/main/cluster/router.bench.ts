// Routing speed at 1,000 nodes; prints p50/p99 per call (target p99 ≤ 50 µs). Run: npx jiti src/main/cluster/router.bench.ts
import type { ChatMessage } from '../../shared';
import type { LlmClient } from '../llm';
import { NodeRegistry } from './node-registry';
import { Router, type RouteRequest } from './router';

const NODES = 1_000;
const CALLS = 20_000;

const silentClient: LlmClient = { model: 'm', endpoint: 'nowhere', streamChat: () => [] as never };
const registry = new NodeRegistry({ clientFactory: () => silentClient });
for (let index = 0; index < NODES; index += 1) {
  const model = index % 2 ? 'qwen2.5:7b' : 'llama3:8b';
  const node = registry.add({ name: `node-${index}`, host: `10.0.${index >> 8}.${index & 255}`, tier: index % 3, model }, { source: 'config' });
  node.health = {
    status: index % 10 === 0 ? 'unavailable' : 'available',
    reason: 'bench',
    latency_ms: (index * 7919) % 500,
    last_check: null,
    consecutive_failures: 0,
    model_ok: true,
    served_models: [model],
  };
  node.inFlight = index % 4;
}
const router = new Router({ registry });
const messages: ChatMessage[] = [{ role: 'user', content: 'Design a cache and compare it with a CDN' }];

function measure(label: string, request: RouteRequest): void {
  for (let index = 0; index < 20_000; index += 1) router.route(request); // warm up the JIT
  const samples = new Float64Array(CALLS);
  for (let index = 0; index < CALLS; index += 1) {
    const started = process.hrtime.bigint();
    router.route(request);
    samples[index] = Number(process.hrtime.bigint() - started) / 1_000;
  }
  samples.sort();
  const at = (percent: number) => samples[Math.min(CALLS - 1, Math.ceil((percent / 100) * CALLS) - 1)]!.toFixed(1);
  console.log(`${label.padEnd(16)} p50 ${at(50).padStart(6)} µs   p99 ${at(99).padStart(6)} µs`);
}

console.log(`Router.route over ${NODES} nodes, ${CALLS} calls each`);
measure('forced tier', { messages, tier: 2 });
measure('classified', { messages });
measure('by model name', { messages, model: 'qwen2.5:7b' });
