// The SRV target must be a `.local` name other resolvers look up, whatever the OS calls the machine.
import { describe, expect, it } from 'vitest';
import { localHostName } from './local-host-name';

describe('localHostName', () => {
  it.each([
    ['studio', 'studio.local'],
    ['Studio.example.com', 'studio.local'],
    ['box.local', 'box.local'],
    ['box.local.', 'box.local'],
    ['Ada’s MacBook Pro', 'ada-s-macbook-pro.local'],
    ['', 'harombe.local'],
  ])('%s → %s', (input, expected) => {
    expect(localHostName(input)).toBe(expected);
  });

  it('defaults to this machine’s host name', () => {
    expect(localHostName()).toMatch(/^[a-z0-9-]+\.local$/);
  });
});
