// Fits a conversation into the model's context: drops the oldest exchanges first, never splitting a tool call from its results.
import type { ChatMessage, Conversation } from '../../shared';
import type { ToolDefinition } from '../llm/llm-client';

/** The usual ratio for English text and code, used until the backend has reported a prompt's token count. */
export const DEFAULT_CHARS_PER_TOKEN = 4;
/** Chat templates wrap every message in role markers and separators; counted as characters so calibration absorbs them. */
const MESSAGE_OVERHEAD_CHARS = 16;
/**
 * Bounds for a calibrated ratio: some backends count only the uncached part of a prompt, which would make
 * characters look far cheaper than they are and overflow the context.
 */
const MIN_CHARS_PER_TOKEN = 1;
const MAX_CHARS_PER_TOKEN = 6;

/**
 * A tool definition's characters as JSON, remembered per definition: the registry hands out copies of the same
 * definitions (their `parameters` are shared), and serializing every schema on every model call cost ~50 µs.
 */
const definitionChars = new WeakMap<object, number>();

function toolChars(tool: ToolDefinition): number {
  let chars = definitionChars.get(tool.parameters);
  if (chars === undefined) {
    chars = JSON.stringify({ ...tool, name: '', description: '' }).length;
    definitionChars.set(tool.parameters, chars);
  }
  return chars + tool.name.length + tool.description.length + 1;
}

/** Characters a prompt costs: message text, tool calls, per-message overhead and the tool definitions sent with it. */
export function promptChars(messages: readonly ChatMessage[], tools: readonly ToolDefinition[] = []): number {
  let total = tools.length > 0 ? 1 : 0;
  for (const tool of tools) total += toolChars(tool);
  for (const message of messages) total += messageChars(message);
  return total;
}

function messageChars(message: ChatMessage): number {
  let chars = MESSAGE_OVERHEAD_CHARS + message.content.length;
  if (message.role === 'assistant') {
    for (const call of message.tool_calls ?? []) chars += call.name.length + call.arguments.length + MESSAGE_OVERHEAD_CHARS;
  }
  if (message.role === 'tool') chars += message.name.length;
  return chars;
}

/** Characters per token measured on the conversation's last prompt, or the default before the first reply. */
export function charsPerToken(conversation: Pick<Conversation, 'last_usage' | 'last_prompt_chars'>): number {
  const tokens = conversation.last_usage?.prompt_tokens ?? 0;
  const chars = conversation.last_prompt_chars ?? 0;
  if (tokens <= 0 || chars <= 0) return DEFAULT_CHARS_PER_TOKEN;
  return Math.min(MAX_CHARS_PER_TOKEN, Math.max(MIN_CHARS_PER_TOKEN, chars / tokens));
}

/** Tokens kept free for the reply: a quarter of the context, at most 2048. */
export function defaultReplyReserve(contextLength: number): number {
  return Math.min(2048, Math.floor(contextLength / 4));
}

export interface ContextWindowInput {
  /** Always kept, first (the system prompt). */
  system: readonly ChatMessage[];
  /** Earlier turns, oldest first. */
  history: readonly ChatMessage[];
  /** The current turn: its user message, then the steps taken so far. */
  turn: readonly ChatMessage[];
  /** Tool definitions sent with the prompt; they take room too. */
  tools?: readonly ToolDefinition[];
  contextLength: number;
  replyReserve?: number;
  charsPerToken?: number;
}

export interface FittedPrompt {
  messages: ChatMessage[];
  estimatedTokens: number;
  droppedMessages: number;
  /** False when even the system prompt, the user message and the last step do not fit; the prompt is sent anyway. */
  fits: boolean;
}

/**
 * Groups messages into units that must be kept or dropped together: an exchange starts at each user message, and
 * within the current turn each assistant message travels with the tool messages answering it.
 */
function splitAt(messages: readonly ChatMessage[], startsUnit: (message: ChatMessage) => boolean): ChatMessage[][] {
  const units: ChatMessage[][] = [];
  for (const message of messages) {
    const current = units.at(-1);
    if (!current || startsUnit(message)) units.push([message]);
    else current.push(message);
  }
  return units;
}

export function fitContext(input: ContextWindowInput): FittedPrompt {
  const ratio = input.charsPerToken ?? DEFAULT_CHARS_PER_TOKEN;
  const reserve = input.replyReserve ?? defaultReplyReserve(input.contextLength);
  const budgetChars = Math.max(0, input.contextLength - reserve) * ratio;

  const [userMessage, ...steps] = input.turn;
  const exchanges = splitAt(input.history, (message) => message.role === 'user');
  const turnSteps = splitAt(steps, (message) => message.role === 'assistant');
  // Oldest first: earlier turns, then the current turn's older steps; its last step stays so the model sees its latest results.
  const droppable = [...exchanges, ...turnSteps.slice(0, -1)];
  const kept = turnSteps.slice(-1);

  let chars = promptChars([...input.system, ...(userMessage ? [userMessage] : [])], input.tools ?? []);
  for (const unit of [...droppable, ...kept]) chars += promptChars(unit);

  let dropCount = 0;
  let droppedMessages = 0;
  while (chars > budgetChars && dropCount < droppable.length) {
    const unit = droppable[dropCount]!;
    chars -= promptChars(unit);
    droppedMessages += unit.length;
    dropCount += 1;
  }

  const remainingHistory = droppable.slice(dropCount, exchanges.length).flat();
  const remainingSteps = droppable.slice(Math.max(dropCount, exchanges.length)).flat();
  const messages = [...input.system, ...remainingHistory, ...(userMessage ? [userMessage] : []), ...remainingSteps, ...kept.flat()];
  return { messages, estimatedTokens: Math.ceil(chars / ratio), droppedMessages, fits: chars <= budgetChars };
}
