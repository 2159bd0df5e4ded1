// One turn of the ReAct loop: stream the model, run the tools it calls (asking first when dangerous), repeat until it answers.
import type { AgentEvent, ApprovalModeName, ChatMessage, Conversation, DoneEvent, ToolCall, ToolResultEvent, Usage } from '../../shared';
import type { AuditSink } from '../audit/audit-sink';
import type { LlmClient, ToolDefinition } from '../llm/llm-client';
import type { ToolRegistry } from '../tools/tool-registry';
import type { ToolContext, ToolResult } from '../tools/tool';
import type { CompiledRules } from '../tools/approval-rules';
import { raceAbort } from './abortable';
import type { ConfirmationBrokerImpl } from './confirmation-broker';
import { charsPerToken, fitContext, promptChars } from './context-window';
import type { ConversationStore, TurnInput } from './contracts';
import { FirstSave, type Schedule } from './first-save';
import { modelEvents } from './model-events';
import { TurnApprovals } from './turn-approvals';
import { turnErrorEvent } from './turn-errors';

export interface AgentSettings {
  systemPrompt: string;
  /** Model calls with tools before one last call without them forces an answer (agent.max_steps). */
  maxSteps: number;
  temperature: number;
  /** model.context_length: the prompt is trimmed to fit it minus a reply reserve. */
  contextLength: number;
  /** Tokens kept free for the reply; default a quarter of the context, at most 2048. */
  replyReserve?: number;
  /** tools.confirm_dangerous */
  confirmDangerous: boolean;
  /** tools.approvals, compiled: read before anyone is asked (deny refuses, allow runs a dangerous call unasked). */
  approvalRules?: CompiledRules;
  /** tools.approval_mode: the mode of conversations that have not chosen their own; default ask. */
  approvalMode?: ApprovalModeName;
}

export interface AgentTurnServices {
  llm: LlmClient;
  tools: ToolRegistry;
  store: ConversationStore;
  broker: ConfirmationBrokerImpl;
  config: AgentSettings;
  /** Real path of the folder tools act in. */
  workspace: string;
  clock: () => Date;
  /** False for a model without tool support: no tools are offered. */
  toolsEnabled: boolean;
  /** harombe's own paths (home, config file) the file tools refuse even inside the workspace. */
  hiddenPaths?: readonly string[];
  /** When the early save of the new message runs (first-save.ts); a real, unref'd timer unless a test plays time. */
  scheduleFirstSave?: Schedule;
  /** Told of every dangerous or rule-decided call once it is settled (and run): the audit log. */
  audit?: AuditSink;
}

interface ModelStep {
  text: string;
  calls: ToolCall[];
}

const FORCE_ANSWER_NOTE: ChatMessage = {
  role: 'system',
  content: 'You have used all the tool steps allowed for this request. Answer the user now with what you have found, without calling tools.',
};

function addUsage(total: Usage | undefined, usage: Usage): Usage {
  if (!total) return usage;
  return {
    prompt_tokens: total.prompt_tokens + usage.prompt_tokens,
    completion_tokens: total.completion_tokens + usage.completion_tokens,
    total_tokens: total.total_tokens + usage.total_tokens,
  };
}

/** Tool calls need distinct ids to be matched with their results; some backends repeat or omit them. */
function withDistinctIds(calls: ToolCall[], step: number): ToolCall[] {
  const seen = new Set<string>();
  return calls.map((call, index) => {
    const id = call.id && !seen.has(call.id) ? call.id : `call_${step}_${index}`;
    seen.add(id);
    return id === call.id ? call : { ...call, id };
  });
}

/** Every tool call of the last assistant message gets a tool message, so the saved conversation can always continue. */
function answerOpenCalls(messages: ChatMessage[], content: string): void {
  const index = messages.findLastIndex((message) => message.role === 'assistant');
  const assistant = messages[index];
  if (!assistant || assistant.role !== 'assistant' || !assistant.tool_calls) return;
  const answered = new Set(messages.slice(index + 1).flatMap((message) => (message.role === 'tool' ? [message.tool_call_id] : [])));
  for (const call of assistant.tool_calls) {
    if (!answered.has(call.id)) messages.push({ role: 'tool', tool_call_id: call.id, name: call.name, content });
  }
}

export class AgentTurn {
  private steps = 0;
  private usage: Usage | undefined;
  /** Text of the model call in progress: kept when the turn is cancelled or fails mid-stream. */
  private streamedText = '';
  private turnStart = 0;
  private finished = false;
  private readonly stop = new AbortController();
  /** The caller's signal, or this turn's own when the consumer walks away. */
  private readonly signal: AbortSignal;
  private readonly firstSave: FirstSave;
  private readonly approvals: TurnApprovals;

  constructor(
    private readonly services: AgentTurnServices,
    private readonly conversation: Conversation,
    private readonly input: TurnInput,
  ) {
    this.signal = input.signal ? AbortSignal.any([input.signal, this.stop.signal]) : this.stop.signal;
    this.firstSave = new FirstSave((snapshot) => services.store.save(snapshot), services.scheduleFirstSave);
    this.approvals = new TurnApprovals(services, conversation, input);
  }

  async *run(): AsyncGenerator<AgentEvent, void, undefined> {
    try {
      yield* this.loop();
    } catch (error) {
      // Exactly one terminal event: a failure while finishing (saving) replaces the `done` that was not sent.
      const cancelledEarlier = this.signal.aborted && !this.finished;
      yield await (cancelledEarlier ? this.finishCancelled().catch((saveError) => this.finishFailed(saveError)) : this.finishFailed(error));
    } finally {
      if (!this.finished) {
        // The consumer stopped reading (a closed SSE stream): withdraw a waiting confirmation, keep what was said.
        this.stop.abort();
        await this.finishCancelled().catch(() => undefined);
      }
      this.approvals.dispose();
    }
  }

  private get messages(): ChatMessage[] {
    return this.conversation.messages;
  }

  private async *loop(): AsyncGenerator<AgentEvent, void, undefined> {
    this.turnStart = this.messages.length;
    this.messages.push({ role: 'user', content: this.input.message });
    this.firstSave.arm(() => ({
      ...this.conversation,
      updated_at: this.services.clock().toISOString(),
      messages: this.messages.slice(0, this.turnStart + 1),
    }));
    yield { type: 'start', conversation_id: this.conversation.id, message_index: this.turnStart };
    for (;;) {
      if (this.signal.aborted) break;
      const forced = this.steps >= this.services.config.maxSteps;
      const step = yield* this.callModel(forced);
      if (this.signal.aborted) break;
      if (step.calls.length === 0) {
        yield await this.finishAnswered(step.text, forced);
        return;
      }
      this.messages.push({ role: 'assistant', content: step.text, tool_calls: step.calls });
      this.streamedText = '';
      for (const call of step.calls) {
        if (this.signal.aborted) break;
        yield* this.handleCall(call);
      }
      if (this.signal.aborted) break;
      await this.save();
    }
    yield await this.finishCancelled();
  }

  private async *callModel(forced: boolean): AsyncGenerator<AgentEvent, ModelStep, undefined> {
    const { llm, tools, config, toolsEnabled } = this.services;
    // chat_only: the model is offered no tools at all.
    const definitions: ToolDefinition[] = forced || !toolsEnabled || this.approvals.mode === 'chat_only' ? [] : tools.definitions();
    const fitted = fitContext({
      system: config.systemPrompt ? [{ role: 'system', content: config.systemPrompt }] : [],
      history: this.messages.slice(0, this.turnStart),
      turn: this.messages.slice(this.turnStart),
      tools: definitions,
      contextLength: config.contextLength,
      ...(config.replyReserve !== undefined ? { replyReserve: config.replyReserve } : {}),
      charsPerToken: charsPerToken(this.conversation),
    });
    const prompt = forced ? [...fitted.messages, FORCE_ANSWER_NOTE] : fitted.messages;
    this.steps += 1;
    this.streamedText = '';
    const calls: ToolCall[] = [];
    const stream = llm.streamChat({
      messages: prompt,
      ...(definitions.length > 0 ? { tools: definitions } : {}),
      temperature: config.temperature,
      ...(this.input.model ? { model: this.input.model } : {}),
      signal: this.signal,
    });
    try {
      for await (const event of modelEvents(stream, this.signal)) {
        if (event.type === 'text-delta') {
          if (event.text === '') continue;
          this.streamedText += event.text;
          yield { type: 'token', text: event.text };
        } else if (event.type === 'tool-call') {
          calls.push(event.call);
        } else if (event.type === 'route') {
          yield { type: 'route', node: event.node, tier: event.tier, complexity: event.complexity, reason: event.reason };
        } else if (event.usage) {
          this.usage = addUsage(this.usage, event.usage);
          this.conversation.last_usage = event.usage;
          this.conversation.last_prompt_chars = promptChars(prompt, definitions);
        }
      }
    } catch (error) {
      // A client honouring the signal throws when aborted; that is a cancel, not a failure.
      if (!this.signal.aborted) throw error;
    }
    // Calls made when no tools were offered cannot run; the text is the answer.
    return { text: this.streamedText, calls: definitions.length > 0 ? withDistinctIds(calls, this.steps) : [] };
  }

  private async *handleCall(call: ToolCall): AsyncGenerator<AgentEvent, void, undefined> {
    const { tools, clock } = this.services;
    const prepared = tools.prepare(call);
    // An MCP tool's call names its server, so a tool card can say where it goes.
    const server = prepared.ok && prepared.server ? { server: prepared.server } : {};
    yield { type: 'tool_call', id: call.id, name: call.name, arguments: prepared.arguments, dangerous: prepared.dangerous, ...server };
    if (!prepared.ok) {
      yield this.record(call, { ok: false, output: prepared.error }, 0);
      return;
    }
    const settlement = yield* this.approvals.settle(prepared, this.signal, () => tools.preview(prepared, this.toolContext()));
    if (!settlement.run) {
      this.approvals.record(prepared, settlement);
      yield this.record(call, { ok: false, output: settlement.output }, 0);
      return;
    }
    const started = clock().getTime();
    const cancelled = (): ToolResult => ({ ok: false, output: `${call.name} was cancelled.` });
    const result = await raceAbort(tools.execute(prepared, this.toolContext()), this.signal, cancelled);
    const ms = Math.max(0, clock().getTime() - started);
    this.approvals.record(prepared, settlement, result, ms);
    yield this.record(call, result, ms);
  }

  private toolContext(): ToolContext {
    const { workspace, hiddenPaths } = this.services;
    return { workspace, signal: this.signal, ...(hiddenPaths ? { hidden: hiddenPaths } : {}) };
  }

  private record(call: ToolCall, result: ToolResult, ms: number): ToolResultEvent {
    this.messages.push({ role: 'tool', tool_call_id: call.id, name: call.name, content: result.output });
    return { type: 'tool_result', id: call.id, name: call.name, ok: result.ok, output: result.output, ms };
  }

  private async finishAnswered(text: string, forced: boolean): Promise<AgentEvent> {
    const limit = this.services.config.maxSteps;
    const response =
      forced && text.trim() === ''
        ? `I stopped after ${limit} tool steps without reaching an answer. Ask me to continue, or raise agent.max_steps.`
        : text;
    this.messages.push({ role: 'assistant', content: response });
    this.streamedText = '';
    this.finished = true;
    await this.save();
    return this.doneEvent(response);
  }

  private async finishCancelled(): Promise<AgentEvent> {
    this.finished = true;
    if (this.streamedText !== '') this.messages.push({ role: 'assistant', content: this.streamedText });
    this.streamedText = '';
    answerOpenCalls(this.messages, 'Not run: the user cancelled the request.');
    await this.save();
    const last = this.messages.slice(this.turnStart).findLast((message) => message.role === 'assistant');
    return { ...this.doneEvent(last?.content ?? ''), cancelled: true };
  }

  private async finishFailed(error: unknown): Promise<AgentEvent> {
    this.finished = true;
    if (this.streamedText !== '') this.messages.push({ role: 'assistant', content: this.streamedText });
    this.streamedText = '';
    answerOpenCalls(this.messages, 'Not run: the request failed before this tool could run.');
    // The error being reported matters more than a second failure to save.
    await this.save().catch(() => undefined);
    return turnErrorEvent(error);
  }

  private doneEvent(response: string): DoneEvent {
    return {
      type: 'done',
      conversation_id: this.conversation.id,
      response,
      steps: this.steps,
      ...(this.usage ? { usage: this.usage } : {}),
    };
  }

  private async save(): Promise<void> {
    const pending = this.firstSave.takeOver();
    this.conversation.updated_at = this.services.clock().toISOString();
    await Promise.all([pending, this.services.store.save(this.conversation)]);
  }
}
