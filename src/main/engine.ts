// The chat engine: what drives the agent for `harombe chat` — a turn runner, confirmations, conversations, and facts
// to show. Built here in-process from the config; src/cli/chat/remote-engine.ts gives the same over a running server.
import { createAssistant } from './assistant';
import { AuditLog } from './audit';
import { harombeHome } from './config';
import type { ConfirmationBroker, ConversationStore, TurnRunner } from './agent';
import type { ToolSummary } from './tools/tool-registry';

export interface CreateChatEngineOptions {
  configPath?: string;
  /** Folder the tools act in; the current directory by default. */
  workspace?: string;
}

export interface ChatEngine {
  runner: TurnRunner;
  broker: ConfirmationBroker;
  store: ConversationStore;
  /** The model answering, e.g. `qwen2.5:7b`. */
  model: string;
  /** Where that model is served, e.g. `http://localhost:11434`. */
  endpoint: string;
  tools: ToolSummary[];
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

export async function createChatEngine(options: CreateChatEngineOptions): Promise<ChatEngine> {
  // Turns run here, not in a server: this process writes $HAROMBE_HOME/audit.log too (the lines append whole beside a server's).
  const audit = new AuditLog({ home: harombeHome(), logger: console });
  const assistant = await createAssistant({
    audit,
    ...(options.configPath ? { configPath: options.configPath } : {}),
    ...(options.workspace ? { workspace: options.workspace } : {}),
    defaultWorkspace: process.cwd(),
  });
  return {
    runner: assistant.agent,
    broker: assistant.broker,
    store: assistant.store,
    model: assistant.model,
    endpoint: assistant.llm.endpoint,
    tools: assistant.toolSummaries,
    sandboxMode: assistant.sandbox.mode,
    workspace: assistant.workspace,
    confirmDangerous: assistant.config.tools.confirm_dangerous,
    warnings: assistant.warnings,
    dispose: async () => {
      await assistant.dispose();
      await audit.dispose();
    },
  };
}
