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

  it('picks the closest of several, the first of equals, within a third of the key (at least two edits)', () => {
    expect(suggestKey('prefer_locl', ['prefer_local', 'load_balance'])).toBe('prefer_local');
    expect(suggestKey('hots', ['host', 'hosts'])).toBe('host');
    expect(suggestKey('hsot', ['post', 'host'])).toBe('host');
    // 'tierx' → 'tier' is one edit; 'xyz' is three edits from 'abc', more than two allowed.
    expect(suggestKey('tierx', ['tier'])).toBe('tier');
    expect(suggestKey('xyz', ['abc'])).toBeUndefined();
    // Nine letters allow three edits, not four.
    expect(suggestKey('mxx_stxps', ['max_steps'])).toBe('max_steps');
    expect(suggestKey('mxx_stxpx', ['max_steps'])).toBe('max_steps');
    expect(suggestKey('mxx_xtxpx', ['max_steps'])).toBeUndefined();
    // A much longer or shorter known key is never suggested, whatever its letters.
    expect(suggestKey('port', ['port_number_of_the_server'])).toBeUndefined();
  });
});

describe('editDistance, more cases', () => {
  it('counts a swap only of neighbours, anywhere in the word, and each other change once', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('abc', 'cba')).toBe(2);
    expect(editDistance('tset', 'test')).toBe(1);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
