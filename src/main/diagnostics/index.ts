// The diagnostics folder's public face: doctor's checks as data (name, status, detail, fix), for the CLI and the server.
export { allPassed, describeRequestFailure, failed, passed, skipped, warned } from './diagnostic-check';
export type { CheckStatus, DiagnosticCheck, DoctorReport } from './diagnostic-check';
export { runDiagnostics, DEFAULT_CHECK_TIMEOUT_MS, type DiagnosticsOptions } from './run-diagnostics';
export { checkNodeVersion, isAtLeast, MINIMUM_NODE_VERSION } from './node-version-check';
export { checkConfig, loadConfigOutcome, type ConfigLoadOutcome } from './config-check';
export { checkOllama, canonicalModelName, sameModelName, type OllamaCheckOptions, type OllamaReadiness } from './ollama-readiness';
export { ModelServerWatch, type ModelServerState, type ModelServerStateChange, type ModelServerWatchOptions } from './model-server-watch';
export { checkOllamaAndModel, type OllamaChecksOptions } from './ollama-checks';
export { checkServerPort, harombeHealthSchema, probeOrigin, tryListen, type ListenOutcome, type ServerPortCheckOptions } from './server-port-check';
export { checkSandbox, type SandboxChecker, type SandboxCheckOptions } from './sandbox-check';
export { checkClusterNode, clusterNodeUrl, type ClusterNodeCheckOptions } from './cluster-node-check';
export { checkMcpServers, mcpProbeOptions, probeConfiguredMcpServers, type McpStatusProbe } from './mcp-server-check';
