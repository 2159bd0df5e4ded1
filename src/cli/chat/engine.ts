// What `harombe chat` needs from the assistant: a turn runner, confirmations, conversations, and facts to show.
import type { ConfirmationBroker, ConversationStore, TurnRunner } from '../../main/agent/contracts';

export interface ChatToolInfo {
  name: string;
  description: string;
  dangerous: boolean;
}

export interface ChatEngine {
  runner: TurnRunner;
  broker: ConfirmationBroker;
  store: ConversationStore;
  /** The model answering, e.g. `qwen2.5:7b`. */
  model: string;
  /** Where that model is served, e.g. `http://localhost:11434`. */
  endpoint: string;
  tools: ChatToolInfo[];
  /** How the shell is confined, in words: `bubblewrap`, `workspace only (no bubblewrap)`... */
  sandboxMode: string;
  /** Real path of the folder the tools act in. */
  workspace: string;
  /** `tools.confirm_dangerous` from the config: false means dangerous tools run without asking. */
  confirmDangerous: boolean;
  /** Things the person should know before chatting (no config file, insecure settings...). */
  warnings: string[];
  dispose(): Promise<void>;
}

export interface ChatEngineOptions {
  /** `--config FILE`; the default config path when absent. */
  configPath?: string;
  /** `--workspace DIR`, already resolved to an absolute path. */
  workspace?: string;
  /** `--server URL`: chat through a running harombe server instead of in this process. */
  server?: string;
  /** Bearer token for that server (`--token`, HAROMBE_TOKEN, or server.auth_token). */
  token?: string;
}

export type ChatEngineFactory = (options: ChatEngineOptions) => Promise<ChatEngine>;

/** The real engine, loaded only when `chat` runs so other commands stay fast. */
export const createDefaultChatEngine: ChatEngineFactory = async (options) => {
  if (options.server) {
    const { createRemoteChatEngine } = await import('./remote-engine');
    return createRemoteChatEngine({ baseUrl: options.server, ...(options.token ? { token: options.token } : {}) });
  }
  const { createChatEngine } = await import('../../main/engine');
  return createChatEngine(options);
};
