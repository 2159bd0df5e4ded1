import { describe, expect, it } from 'vitest';
import { checkNodeVersion, isAtLeast } from './node-version-check';

describe('checkNodeVersion', () => {
  it('compares versions part by part, not as text', () => {
    expect(isAtLeast('22.12.0', '22.12.0')).toBe(true);
    expect(isAtLeast('22.9.0', '22.12.0')).toBe(false);
    expect(isAtLeast('23.0.0', '22.12.0')).toBe(true);
    expect(isAtLeast('v24.1.0', '22.12.0')).toBe(true);
    expect(isAtLeast('22.11.9', '22.12.0')).toBe(false);
  });

  it('passes a new enough Node and fails an old one with a fix', () => {
    expect(checkNodeVersion('24.1.0').status).toBe('pass');
    const old = checkNodeVersion('v20.19.0');
    expect(old).toMatchObject({ status: 'fail', detail: '20.19.0 is too old: harombe needs 22.12 or newer' });
    expect(old.fix).toContain('nodejs.org');
  });
});
