// The LLM layer's public face: the client interface, the Ollama and OpenAI-compatible clients, and Ollama's admin.
export { completeChat, LlmError } from './llm-client';
export type {
  ChatCompletion,
  ChatRequest,
  FinishReason,
  LlmClient,
  LlmErrorCode,
  LlmStreamEvent,
  ToolDefinition,
} from './llm-client';
export { OpenAICompatibleClient, type OpenAICompatibleClientOptions } from './openai-compatible-client';
export { OllamaClient, normalizeOllamaHost, type OllamaClientOptions } from './ollama-client';
export {
  OllamaAdmin,
  type ModelDetails,
  type OllamaAdminOptions,
  type PullProgress,
  type RunningModel,
} from './ollama-admin';
export { supportsTools, type ModelInspector } from './supports-tools';
export { createOllamaClients, type CreateOllamaClientsOptions, type OllamaClients } from './create-ollama-clients';
export { ToolCallAssembler, type ToolCallDelta } from './tool-call-assembler';
export { describeServerFailure, type FailureTranslator } from './server-failure-message';
export { describeOllamaFailure } from './ollama-failure-message';
export { classifyFailure, type ClientFailure, type FailureContext } from './transport-failure';
