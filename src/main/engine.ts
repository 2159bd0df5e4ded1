// The chat engine: what drives the agent for `harombe chat` — a turn runner, confirmations, conversations, and facts
// to show. Built here in-process from the config; src/cli/chat/remote-engine.ts gives the same over a running server.
import type { AlwaysAllowScope, AlwaysAllowWhere, ApprovalRule, ConfirmationDecision } from '../shared';
import { createAssistant } from './assistant';
import { AuditLog } from './audit';
import { applyConfigChanges, harombeHome, updateConfigFile } from './config';
import type { ConfirmationBroker, ConversationStore, TurnRunner } from './agent';
import { answerConfirmation } from './agent/approval-answers';
import { compileApprovalRules } from './tools/approval-rules';
import type { ToolSummary } from './tools/tool-registry';

export interface CreateChatEngineOptions {
  configPath?: string;
  /** Folder the tools act in; the current directory by default. */
  workspace?: string;
}

/** A person's answer at the terminal: "always allow" names a scope and where it is kept. */
export interface TerminalAnswer {
  decision: ConfirmationDecision;
  scope?: AlwaysAllowScope;
  where?: AlwaysAllowWhere;
}

export interface ChatEngine {
  runner: TurnRunner;
  broker: ConfirmationBroker;
  /**
   * Answers a waiting call as the person at this terminal (surface cli); false when it is no longer waiting. Throws
   * when the answer cannot be carried out (a scope not offered, harombe.yaml not saved), with what to do.
   */
  answerConfirmation?(confirmationId: string, answer: TerminalAnswer): Promise<boolean>;
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
    answerConfirmation: async (confirmationId, answer) => {
      const saveRule = async (rule: ApprovalRule) => {
        const before = assistant.config;
        const after = { ...before, tools: { ...before.tools, approvals: [...before.tools.approvals, rule] } };
        const loaded = await updateConfigFile(assistant.configPath, (document) => applyConfigChanges(document, before, after));
        assistant.config = loaded.config;
        // The rest of this chat follows the saved rules (turns running now have the rule already, from the answer).
        assistant.agent.useApprovalRules(await compileApprovalRules(loaded.config.tools.approvals));
      };
      return (await answerConfirmation({ broker: assistant.broker, saveRule }, confirmationId, { ...answer, surface: 'cli' })) !== undefined;
    },
    dispose: async () => {
      await assistant.dispose();
      await audit.dispose();
    },
  };
}
