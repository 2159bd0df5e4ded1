import { describe, expect, it } from 'vitest';
import { editDistance, suggestKey } from './key-suggestion';

describe('editDistance', () => {
  it('counts inserts, deletes, replacements and swapped neighbours as one edit each', () => {
    expect(editDistance('max_step', 'max_steps')).toBe(1);
    expect(editDistance('tempreature', 'temperature')).toBe(1);
    expect(editDistance('teir', 'tier')).toBe(1);
    expect(editDistance('host', 'port')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('suggestKey', () => {
  const agentKeys = ['max_steps', 'system_prompt'];

  it('suggests the closest known key for a typo', () => {
    expect(suggestKey('max_step', agentKeys)).toBe('max_steps');
    expect(suggestKey('systemprompt', agentKeys)).toBe('system_prompt');
    expect(suggestKey('Max-Steps', agentKeys)).toBe('max_steps');
  });

  it('suggests nothing for an unrelated key', () => {
    expect(suggestKey('colour', ['host', 'port', 'auth_token'])).toBeUndefined();
    expect(suggestKey('anything', [])).toBeUndefined();
  });
});
