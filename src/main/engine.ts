// What `harombe chat` runs in-process: the assistant built from the config, in the shape the chat loop needs.
import { createAssistant } from './assistant';
import type { ConfirmationBroker, ConversationStore, TurnRunner } from './agent';

export interface CreateChatEngineOptions {
  configPath?: string;
  /** Folder the tools act in; the current directory by default. */
  workspace?: string;
}

export interface ChatEngineShape {
  runner: TurnRunner;
  broker: ConfirmationBroker;
  store: ConversationStore;
  model: string;
  endpoint: string;
  tools: { name: string; description: string; dangerous: boolean }[];
  sandboxMode: string;
  workspace: string;
  confirmDangerous: boolean;
  warnings: string[];
  dispose(): Promise<void>;
}

export async function createChatEngine(options: CreateChatEngineOptions): Promise<ChatEngineShape> {
  const assistant = await createAssistant({
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
    dispose: () => assistant.dispose(),
  };
}
