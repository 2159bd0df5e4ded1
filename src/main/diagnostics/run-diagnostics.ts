// Runs every doctor check (network ones concurrently, each with a short timeout) and returns them in a fixed order.
import type { HardwareProfile, HarombeConfig } from '../../shared';
import { formatDuration } from '../../shared/format';
import { detectHardware as detectThisMachine, resolveModelName } from '../hardware';
import { OllamaAdmin, type ModelInspector } from '../llm';
import { detectSandbox } from '../tools';
import { checkClusterNode } from './cluster-node-check';
import { checkConfig, loadConfigOutcome } from './config-check';
import { checkMcpServers, type McpStatusProbe } from './mcp-server-check';
import { skipped, type DiagnosticCheck } from './diagnostic-check';
import { checkNodeVersion } from './node-version-check';
import { checkOllamaAndModel, OLLAMA_CHECK_IDS } from './ollama-checks';
import { checkSandbox, type SandboxChecker } from './sandbox-check';
import { checkServerPort, type tryListen } from './server-port-check';
import type { FindExecutable } from '../tools/sandbox';

export interface DiagnosticsOptions {
  /** The config file to check (see configPath()). */
  configPath: string;
  /** Longest wait for any one network answer; doctor must never hang. Default 3 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** process.versions.node by default. */
  nodeVersion?: string;
  platform?: NodeJS.Platform;
  /** Only asked when model.name is `auto`. */
  detectHardware?: () => Promise<HardwareProfile>;
  /** How long hardware detection may take before the model counts as unknown. Default 10 s. */
  hardwareTimeoutMs?: number;
  sandboxDetector?: SandboxChecker;
  findExecutable?: FindExecutable;
  /** An OllamaAdmin for `show`; built from ollama.host when absent. */
  inspector?: ModelInspector;
  listen?: typeof tryListen;
  /** Starts the configured MCP servers to look at them (default: for real, each within its startup_timeout). */
  mcpProbe?: McpStatusProbe;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 3000;

/** Every check, in the order a person fixes them: runtime, config, Ollama and the model, port, sandbox, cluster nodes, MCP servers. */
export async function runDiagnostics(options: DiagnosticsOptions): Promise<DiagnosticCheck[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const outcome = await loadConfigOutcome(options.configPath);
  const checks = [checkNodeVersion(options.nodeVersion), checkConfig(outcome)];
  if ('error' in outcome) {
    const because = 'not checked (the config could not be loaded)';
    return [
      ...checks,
      skipped(OLLAMA_CHECK_IDS.ollama, 'Ollama', because),
      skipped(OLLAMA_CHECK_IDS.model, 'model', because),
      skipped('server-port', 'server port', because),
      skipped('sandbox', 'sandbox', because),
    ];
  }
  const { config } = outcome.loaded;
  const fetchOption = options.fetch ? { fetch: options.fetch } : {};
  const platform = options.platform ?? process.platform;
  const [ollama, port, sandbox, nodes, mcp] = await Promise.all([
    checkOllamaSide(config, options, timeoutMs),
    checkServerPort({ host: config.server.host, port: config.server.port, timeoutMs, ...fetchOption, ...(options.listen ? { listen: options.listen } : {}) }),
    checkSandbox({
      mode: config.tools.sandbox,
      shellEnabled: config.tools.shell,
      detector: options.sandboxDetector ?? { detect: detectSandbox },
      platform,
      ...(options.findExecutable ? { findExecutable: options.findExecutable } : {}),
    }),
    Promise.all((config.cluster?.nodes ?? []).map((node) => checkClusterNode(node, { timeoutMs, ...fetchOption }))),
    checkMcpServers(config, options.configPath, options.mcpProbe),
  ]);
  return [...checks, ...ollama, port, sandbox, ...nodes, ...mcp];
}

async function checkOllamaSide(config: HarombeConfig, options: DiagnosticsOptions, timeoutMs: number): Promise<DiagnosticCheck[]> {
  const resolved = await resolveModel(config.model.name, options);
  const inspector =
    options.inspector ?? new OllamaAdmin({ host: config.ollama.host, timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });
  return checkOllamaAndModel({
    host: config.ollama.host,
    inspector,
    timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...resolved,
  });
}

type ResolvedModel = { model: string; modelNote?: string } | { model: undefined; modelProblem: string };

/** model.name, or for `auto` what the hardware recommends; detection that fails or stalls leaves the model unknown. */
async function resolveModel(configured: string, options: DiagnosticsOptions): Promise<ResolvedModel> {
  const detect = options.detectHardware ?? (() => detectThisMachine());
  const limitMs = options.hardwareTimeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`hardware detection took longer than ${formatDuration(limitMs)}`)), limitMs);
  });
  try {
    const model = await Promise.race([resolveModelName(configured, detect), stalled]);
    return model === configured ? { model } : { model, modelNote: 'model.name is auto: recommended for this machine' };
  } catch (error) {
    return { model: undefined, modelProblem: `model.name is auto and ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}
