// Guesses how hard a request is (simple / medium / complex → tier 0 / 1 / 2) from cheap signals, with a reason a person can read.
import type { ChatMessage, Complexity } from '../../shared';
import { formatCount } from '../../shared/format';

export interface ComplexityOptions {
  /** Estimated tokens of the whole conversation that need tier 2. Default 4,000. */
  largeContextTokens?: number;
  /** Estimated tokens that need at least tier 1. Default 2,000. */
  mediumContextTokens?: number;
}

export interface ComplexityResult {
  complexity: Complexity;
  /** The tier to ask for: the complexity's, raised by a large context. */
  tier: 0 | 1 | 2;
  /** One line: `complex: asks to design and compare (2 complex keywords), 1,240 chars`. */
  reason: string;
  /** Sum of the signals' points: 4 or more is complex, 2 or more medium. */
  score: number;
  /** The whole conversation's size in tokens, at about four characters a token. */
  estimatedTokens: number;
}

/** Words that ask for real work, each with how the reason says it. */
const COMPLEX_KEYWORDS: readonly (readonly [RegExp, string])[] = [
  [/\banaly[sz](?:e|es|ed|ing|is)\b/, 'analyze'],
  [/\bdesign(?:s|ed|ing)?\b/, 'design'],
  [/\barchitect(?:ure|ures|ural)\b/, 'plan an architecture'],
  [/\b(?:prove|proof)\b/, 'prove'],
  [/\boptimi[sz](?:e|es|ed|ing|ation)\b/, 'optimize'],
  [/\b(?:compare|comparing|comparison|contrast)\b/, 'compare'],
  [/\bexplain (?:why|how)\b/, 'explain why'],
  [/\bstep[- ]by[- ]step\b/, 'go step by step'],
  [/\brefactor(?:s|ed|ing)?\b/, 'refactor'],
  [/\bimplement(?:s|ed|ing|ation)?\b/, 'implement'],
  [/\bdebug(?:s|ged|ging)?\b/, 'debug'],
  [/\bevaluat(?:e|es|ed|ing|ion)\b/, 'evaluate'],
  [/\btrade-?offs?\b/, 'weigh trade-offs'],
  [/\balgorithms?\b/, 'work out an algorithm'],
  [/\bderiv(?:e|ation)\b/, 'derive'],
  [/\breview\b/, 'review'],
  [/\b(?:in[- ]depth|thoroughly|comprehensive(?:ly)?|detailed)\b/, 'go in depth'],
];

const SIMPLE_KEYWORDS: readonly (readonly [RegExp, string])[] = [
  [/\bwhat(?: is|'s| are)\b/, 'what is'],
  [/\bwho (?:is|was|are)\b/, 'who is'],
  [/\b(?:when|where) (?:is|was|are)\b/, 'when/where is'],
  [/\b(?:define|definition of)\b/, 'define'],
  [/\btranslat(?:e|ion)\b/, 'translate'],
  [/\blist\b/, 'list'],
  [/\bspell\b/, 'spell'],
  [/\bconvert\b/, 'convert'],
  [/\bhow (?:many|much|old|far)\b/, 'how many'],
  [/\b(?:quick(?:ly)?|brief(?:ly)?|short)\b/, 'keep it short'],
];

const GREETING = /^\s*(?:hi|hello|hey|thanks|thank you|thx|good (?:morning|afternoon|evening)|ok(?:ay)?|bye)\b[\s\S]{0,30}$/;
const CODE_REQUEST =
  /\b(?:write|create|generate|build)\b[^.?!\n]{0,40}?\b(?:functions?|scripts?|programs?|class(?:es)?|modules?|quer(?:y|ies)|regex(?:es)?|apis?|tests?|code)\b/;
const CODE_LINE =
  /^\s*(?:def |class |import |from \S+ import |function |const |let |var |public |private |#include|package |fn |func |SELECT |return\b)|[;{}]\s*$|=>/;

/** Scanning stops here: a pasted file is long enough to count as long without reading all of it. */
const SCAN_LIMIT = 20_000;
const MAX_COMPLEX_KEYWORDS = 3;

/** Pure and fast: regular expressions over the last user message, plus the conversation's size. */
export function classifyComplexity(messages: readonly ChatMessage[], options: ComplexityOptions = {}): ComplexityResult {
  const largeContextTokens = options.largeContextTokens ?? 4_000;
  const mediumContextTokens = options.mediumContextTokens ?? 2_000;
  const query = lastUserText(messages);
  const text = query.slice(0, SCAN_LIMIT).toLowerCase();
  const parts: string[] = [];
  let score = 0;

  const complexWords = COMPLEX_KEYWORDS.filter(([pattern]) => pattern.test(text)).map(([, label]) => label);
  if (complexWords.length > 0) {
    const counted = Math.min(complexWords.length, MAX_COMPLEX_KEYWORDS);
    score += 2 * counted;
    const noun = complexWords.length === 1 ? 'complex keyword' : 'complex keywords';
    parts.push(`asks to ${joinWords(complexWords.slice(0, 3))} (${complexWords.length} ${noun})`);
  }
  if (CODE_REQUEST.test(text)) {
    score += 2;
    parts.push('asks for code');
  }
  if (query.includes('```')) {
    score += 3;
    parts.push('a code block');
  } else {
    const codeLines = countCodeLines(query.slice(0, SCAN_LIMIT));
    if (codeLines > 0) {
      score += codeLines >= 2 ? 2 : 1;
      parts.push(codeLines === 1 ? '1 code-like line' : `${codeLines} code-like lines`);
    }
  }
  const questions = countOf(text, '?');
  if (questions >= 2) {
    score += questions >= 3 ? 2 : 1;
    parts.push(`${questions} questions`);
  }
  const conversationLength = messages.filter((message) => message.role !== 'system').length;
  if (conversationLength >= 8) {
    score += conversationLength >= 20 ? 2 : 1;
    parts.push(`a long conversation (${conversationLength} messages)`);
  }
  if (query.length >= 250) score += query.length >= 1_500 ? 3 : query.length >= 600 ? 2 : 1;

  if (score === 0) {
    if (GREETING.test(text)) {
      score -= 2;
      parts.push('a greeting');
    } else {
      const simpleWord = SIMPLE_KEYWORDS.find(([pattern]) => pattern.test(text));
      if (simpleWord) {
        score -= 1;
        parts.push(`asks "${simpleWord[1]}"`);
      } else {
        parts.push('no sign of a hard task');
      }
    }
  }
  parts.push(`${formatCount(query.length)} chars`);

  const complexity: Complexity = score >= 4 ? 'complex' : score >= 2 ? 'medium' : 'simple';
  const complexityTier = complexity === 'complex' ? 2 : complexity === 'medium' ? 1 : 0;
  const estimatedTokens = estimateTokens(messages);
  let tier: 0 | 1 | 2 = complexityTier;
  let contextNote = '';
  if (estimatedTokens > largeContextTokens && tier < 2) tier = 2;
  else if (estimatedTokens > mediumContextTokens && tier < 1) tier = 1;
  if (tier !== complexityTier) {
    contextNote = `; large context (~${formatCount(estimatedTokens)} tokens) raises tier ${complexityTier} → ${tier}`;
  }
  return { complexity, tier, reason: `${complexity}: ${parts.join(', ')}${contextNote}`, score, estimatedTokens };
}

/** About four characters a token, over every message and tool call argument. */
export function estimateTokens(messages: readonly ChatMessage[]): number {
  let characters = 0;
  for (const message of messages) {
    characters += message.content.length;
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) characters += call.name.length + call.arguments.length;
    }
  }
  return Math.ceil(characters / 4);
}

function lastUserText(messages: readonly ChatMessage[]): string {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role === 'user') return message.content;
  }
  return messages.at(-1)?.content ?? '';
}

function countCodeLines(text: string): number {
  let count = 0;
  for (const line of text.split('\n')) if (line.trim() && CODE_LINE.test(line)) count += 1;
  return count;
}

function countOf(text: string, character: string): number {
  let count = 0;
  for (let index = text.indexOf(character); index !== -1; index = text.indexOf(character, index + 1)) count += 1;
  return count;
}

/** `design`, `design and compare`, `design, compare and analyze` */
function joinWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
