// Which chat engine `harombe chat` runs: in this process (src/main/engine.ts) or a running server's (`--server`).
import type { ChatEngine } from '../../main/engine';

/** The one engine interface, declared in src/main/engine.ts beside the in-process engine. */
export type { ChatEngine };

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
