import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared';
import { classifyComplexity, estimateTokens } from './classify-complexity';

const user = (content: string): ChatMessage => ({ role: 'user', content });

describe('classifyComplexity', () => {
  const table: [prompt: string, complexity: 'simple' | 'medium' | 'complex', tier: number][] = [
    ['hi', 'simple', 0],
    ['Hello there!', 'simple', 0],
    ['thanks, that worked', 'simple', 0],
    ['What is the capital of France?', 'simple', 0],
    ['Define entropy', 'simple', 0],
    ["Translate 'good morning' into Spanish", 'simple', 0],
    ['List the files in this folder', 'simple', 0],
    ['How many days are in a leap year?', 'simple', 0],
    ['Explain why the sky is blue', 'medium', 1],
    ['Write a Python function that reverses a string', 'medium', 1],
    ['Is Rust faster than Go? Which is easier to learn? Which has better tooling?', 'medium', 1],
    ['Design a microservice architecture for a ride-sharing app and compare it with a monolith', 'complex', 2],
    ['Refactor this:\n```js\nfunction add(a, b) { return a + b }\n```', 'complex', 2],
    ['Analyze the trade-offs of eventual consistency and explain why banks avoid it, step by step', 'complex', 2],
    ['Prove that the square root of 2 is irrational', 'medium', 1],
    ['Optimize this query and review the index design', 'complex', 2],
  ];

  it.each(table)('%j is %s (tier %i)', (prompt, complexity, tier) => {
    const result = classifyComplexity([user(prompt)]);
    expect({ complexity: result.complexity, tier: result.tier }).toEqual({ complexity, tier });
  });

  it('says why in one line a person can read', () => {
    const prompt = `Design a caching layer and compare it with a CDN. ${'Some context. '.repeat(85)}`;
    const result = classifyComplexity([user(prompt)]);
    expect(result.reason).toBe(
      `complex: asks to design and compare (2 complex keywords), ${prompt.length.toLocaleString('en-US')} chars`,
    );
    expect(result.reason).not.toContain('\n');
    expect(classifyComplexity([user('hi')]).reason).toBe('simple: a greeting, 2 chars');
    expect(classifyComplexity([user('What is DNS?')]).reason).toBe('simple: asks "what is", 12 chars');
  });

  it('counts code-like lines as a sign of a harder task', () => {
    const code = 'const total = items.reduce((sum, item) => sum + item.price, 0);\nreturn total;';
    const result = classifyComplexity([user(`why is this slow\n${code}`)]);
    expect(result.complexity).toBe('medium');
    expect(result.reason).toContain('2 code-like lines');
  });

  it('leans harder in a long conversation', () => {
    const history: ChatMessage[] = [];
    for (let turn = 0; turn < 10; turn += 1) history.push(user('and then?'), { role: 'assistant', content: 'More.' });
    const result = classifyComplexity([...history, user('What about the other one? And the third? Why?')]);
    expect(result.reason).toContain('a long conversation (21 messages)');
    expect(result.complexity).toBe('complex');
  });

  it('raises the tier for a large context without changing the complexity', () => {
    const document: ChatMessage = { role: 'system', content: 'x'.repeat(20_000) };
    const result = classifyComplexity([document, user('What is the title?')]);
    expect(result.complexity).toBe('simple');
    expect(result.tier).toBe(2);
    expect(result.reason).toMatch(/large context \(~5,00\d tokens\) raises tier 0 → 2$/);

    const medium = classifyComplexity([{ role: 'system', content: 'x'.repeat(10_000) }, user('hi')]);
    expect(medium.tier).toBe(1);
    expect(classifyComplexity([document, user('hi')], { largeContextTokens: 10_000, mediumContextTokens: 9_000 }).tier).toBe(0);
  });

  it('classifies the last user message, not the system prompt or earlier turns', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You analyze, design and compare architectures.' },
      user('Design a distributed database and compare it with Spanner'),
      { role: 'assistant', content: 'Here is a design...' },
      user('thanks!'),
    ];
    expect(classifyComplexity(messages).complexity).toBe('simple');
  });

  it('estimates tokens at about four characters each, tool call arguments included', () => {
    expect(
      estimateTokens([
        user('12345678'),
        { role: 'assistant', content: '', tool_calls: [{ id: 'a', name: 'shell', arguments: '{"command":"ls"}' }] },
      ]),
    ).toBe(Math.ceil((8 + 5 + 16) / 4));
    expect(classifyComplexity([]).complexity).toBe('simple');
  });
});
