// The words a config error uses for what a key accepts and what was found, read from the schema itself.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { describeExpected, describeFound, knownKeysAt, schemaAt } from './schema-description';

const expectedAt = (...path: (string | number)[]): string => describeExpected(schemaAt(path)!);

describe('what a key accepts, in words', () => {
  it.each([
    [['cluster', 'nodes', 0, 'tier'], 'an integer from 0 to 2'],
    [['server', 'port'], 'an integer from 1 to 65535'],
    [['model', 'context_length'], 'an integer of at least 1024'],
    [['model', 'temperature'], 'a number from 0 to 2'],
    [['tools', 'shell'], 'true or false'],
    [['ollama', 'host'], 'a URL starting with http:// or https://'],
    [['model', 'name'], 'a non-empty string'],
    [['agent', 'system_prompt'], 'a string'],
    [['tools', 'sandbox'], 'one of auto, bwrap, none'],
    [['cluster', 'routing'], 'a mapping (keys: prefer_local, fallback_strategy, load_balance)'],
    [['cluster', 'nodes'], 'a list (one "- " entry per item)'],
  ])('%j: %s', (path, words) => {
    expect(expectedAt(...path)).toBe(words);
  });

  it('says a bound only where there is one, and names any other type', () => {
    expect(describeExpected(z.number().max(5))).toBe('a number of at most 5');
    expect(describeExpected(z.number().int())).toBe('an integer');
    expect(describeExpected(z.number())).toBe('a number');
    expect(describeExpected(z.number().min(-Infinity))).toBe('a number');
    expect(describeExpected(z.literal('x'))).toBe('a value of type literal');
  });
});

describe('where a key is in the schema', () => {
  it('finds keys through lists, defaults and optionals, and nothing where there is no such key', () => {
    expect(schemaAt(['cluster', 'nodes', 3, 'host'])).toBeInstanceOf(z.ZodString);
    expect(schemaAt(['cluster', 'nodes', 'host'])).toBeUndefined();
    expect(schemaAt(['model', 0])).toBeUndefined();
    expect(schemaAt(['model', 'name', 'deeper'])).toBeUndefined();
    expect(schemaAt(['no_such_section'])).toBeUndefined();
  });

  it('lists the keys a section knows, in the order of the schema, and none for a value', () => {
    expect(knownKeysAt(['model'])).toEqual(['name', 'quantization', 'context_length', 'temperature']);
    expect(knownKeysAt(['cluster', 'nodes', 0]).slice(0, 3)).toEqual(['name', 'host', 'port']);
    expect(knownKeysAt(['model', 'name'])).toEqual([]);
    expect(knownKeysAt(['nowhere'])).toEqual([]);
  });
});

describe('what was found, in words', () => {
  it.each<[unknown, string]>([
    [undefined, 'nothing'],
    [null, 'an empty value'],
    [[], 'an empty list'],
    [[1, 2, 3], 'a list of 3'],
    ['', 'an empty string'],
    ['eight', 'the string "eight"'],
    [`${'a'.repeat(60)}`, `the string "${'a'.repeat(60)}"`],
    [`${'b'.repeat(61)}`, `the string "${'b'.repeat(57)}..."`],
    [3, '3'],
    [false, 'false'],
    [{ a: 1 }, 'a mapping'],
    [Symbol.iterator, 'a symbol'],
  ])('%s: %s', (value, words) => {
    expect(describeFound(value)).toBe(words);
  });

  it('never shows a secret: only what kind of value it is', () => {
    expect(describeFound('s3cr3t-token', true)).toBe('a string');
    expect(describeFound(12345, true)).toBe('a number');
    expect(describeFound(true, true)).toBe('a boolean');
    expect(describeFound('', true)).toBe('an empty string');
  });
});
