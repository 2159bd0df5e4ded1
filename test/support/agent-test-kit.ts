// Builds a ReactAgent over a scripted model, test tools and a real FileConversationStore in a temp folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { AgentSettings } from '../../src/main/agent/agent-turn';
import type { AuditSink } from '../../src/main/audit/audit-sink';
import { ConfirmationBrokerImpl } from '../../src/main/agent/confirmation-broker';
import type { ConfirmationBrokerOptions } from '../../src/main/agent/confirmation-broker';
import type { TurnInput } from '../../src/main/agent/contracts';
import { FileConversationStore } from '../../src/main/agent/file-conversation-store';
import { ReactAgent } from '../../src/main/agent/react-agent';
import type { AnyTool } from '../../src/main/tools/tool';
import { ToolRegistry } from '../../src/main/tools/tool-registry';
import { compileApprovalRules } from '../../src/main/tools/approval-rules';
import type { AgentEvent, ApprovalRule, ConfirmationDecision, DoneEvent } from '../../src/shared';
import { ScriptedLlmClient } from './scripted-llm-client';
import type { ScriptedLlmClientOptions, ScriptedResponse } from './scripted-llm-client';
import { createFakeShell, echoTool } from './test-tools';
import type { FakeShell } from './test-tools';

export interface AgentKitOptions {
  config?: Partial<AgentSettings>;
  toolsEnabled?: boolean;
  llm?: ScriptedLlmClientOptions;
  broker?: ConfirmationBrokerOptions;
  /** Real tools beside the echo tool and the fake shell (e.g. write_file, acting in the kit's folder). */
  extraTools?: AnyTool[];
  /** Told of each settled dangerous or rule-decided call (an in-memory sink in tests). */
  audit?: AuditSink;
}

export interface AgentKit {
  agent: ReactAgent;
  llm: ScriptedLlmClient;
  store: FileConversationStore;
  broker: ConfirmationBrokerImpl;
  shell: FakeShell;
  folder: string;
  /** Runs a turn to its end; `onEvent` sees each event as it arrives (answer confirmations there). */
  run(input: Partial<TurnInput> & { message: string }, onEvent?: (event: AgentEvent) => void | Promise<void>): Promise<AgentEvent[]>;
  /** Runs a turn, answering every confirmation with `decision`. */
  runAnswering(input: Partial<TurnInput> & { message: string }, decision: ConfirmationDecision): Promise<AgentEvent[]>;
  dispose(): Promise<void>;
}

export const TEST_SYSTEM_PROMPT = 'You are a test assistant.';

export async function createAgentKit(responses: ScriptedResponse[], options: AgentKitOptions = {}): Promise<AgentKit> {
  const folder = await mkdtemp(join(tmpdir(), 'harombe-agent-'));
  const llm = new ScriptedLlmClient(responses, options.llm);
  const store = new FileConversationStore({ folder: join(folder, 'conversations') });
  const broker = new ConfirmationBrokerImpl(options.broker);
  const shell = createFakeShell();
  const agent = new ReactAgent({
    llm,
    tools: new ToolRegistry([echoTool, shell.tool, ...(options.extraTools ?? [])]),
    store,
    broker,
    workspace: folder,
    config: {
      systemPrompt: TEST_SYSTEM_PROMPT,
      maxSteps: 5,
      temperature: 0.2,
      contextLength: 8192,
      confirmDangerous: true,
      ...options.config,
    },
    ...(options.toolsEnabled !== undefined ? { toolsEnabled: options.toolsEnabled } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
  });
  const run: AgentKit['run'] = async (input, onEvent) => {
    const events: AgentEvent[] = [];
    for await (const event of agent.runTurn({ attendance: 'ask', ...input })) {
      events.push(event);
      await onEvent?.(event);
    }
    return events;
  };
  return {
    agent,
    llm,
    store,
    broker,
    shell,
    folder,
    run,
    runAnswering: (input, decision) =>
      run(input, (event) => {
        if (event.type === 'confirm_required') broker.answer(event.confirmation_id, decision);
      }),
    dispose: async () => {
      broker.dispose();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** The turn's one `done` event; fails the test with the events when the turn did not end with exactly one. */
export function doneOf(events: AgentEvent[]): DoneEvent {
  const terminal = events.filter((event) => event.type === 'done' || event.type === 'error');
  const last = events.at(-1);
  if (terminal.length !== 1 || last?.type !== 'done') throw new Error(`expected one final done event, got ${JSON.stringify(events)}`);
  return last;
}

export function eventTypes(events: AgentEvent[]): string[] {
  return events.map((event) => event.type);
}

/**
 * A kit maker for tests of approval rules: `setUp(steps, rules, options)` builds an AgentKit whose turns read `rules`
 * (tools.approvals); each kit is disposed after its test.
 */
export function useRuledAgentKit(): (responses: ScriptedResponse[], rules?: ApprovalRule[], options?: AgentKitOptions) => Promise<AgentKit> {
  let kit: AgentKit | undefined;
  afterEach(async () => {
    await kit?.dispose();
    kit = undefined;
  });
  return async (responses, rules = [], options = {}) => {
    kit = await createAgentKit(responses, { ...options, config: { approvalRules: await compileApprovalRules(rules), ...options.config } });
    return kit;
  };
}
