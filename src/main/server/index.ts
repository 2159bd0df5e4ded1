// The HTTP API server's public face: the server, its app (for in-process requests), the interfaces it needs, warnings.
export { HarombeServer } from './harombe-server';
export type { HarombeServerOptions, StopOptions } from './harombe-server';
export { createApp, DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT_MS, isApiPath } from './app';
export type { AppOptions } from './app';
export { warnings, isLoopbackAddress, isLoopbackHost, tokensMatch } from './security';
export { LOCAL_TOKEN_FILE, ensureLocalToken, localTokenPath, readLocalToken } from './local-token';
export { emptyMetrics } from './route-handlers';
export { redactConfig } from './handlers/config';
export { LocalOllamaResolver } from './openai-compat/upstream-resolver';
export type {
  LocalOllamaResolverOptions,
  Upstream,
  UpstreamCall,
  UpstreamFailure,
  UpstreamMessage,
  UpstreamOutcome,
  UpstreamRequest,
  UpstreamResolver,
  UpstreamRoute,
} from './openai-compat/upstream-resolver';
export { ClusterUpstreamResolver } from './openai-compat/cluster-upstream-resolver';
export { SERVED_BY_HEADER } from './openai-compat/relay-chat-completion';
export { clusterService, clusterServices } from './cluster-service';
export { checkPort, clientUrl, type PortCheck, type PortCheckOptions } from './port-check';
export { consoleLogger } from './services';
export type {
  AddedNode,
  AuditSource,
  ClusterService,
  ConfigService,
  HardwareService,
  MetricsProvider,
  ModelAdmin,
  ModelServerHealthSource,
  PullProgress,
  SandboxReport,
  ServerLogger,
  ServerServices,
  ToolCatalog,
} from './services';
export type { ServerEnv } from './server-env';
