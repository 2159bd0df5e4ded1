import { describe, expect, it } from 'vitest';
import { harombeConfigSchema } from '../../shared';
import { isLoopbackAddress, tokensMatch, warnings } from './security';

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '::FFFF:127.9.9.9', '[::1]'])('%s is loopback', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });
  it.each(['192.168.1.2', '10.0.0.1', '::ffff:192.168.1.2', 'fe80::1', '128.0.0.1', '127.example.com', '', undefined])('%s is not', (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});

describe('tokensMatch', () => {
  it('accepts only the same token, whatever the lengths', () => {
    expect(tokensMatch('s3cret-token', 's3cret-token')).toBe(true);
    expect(tokensMatch('s3cret-toke', 's3cret-token')).toBe(false);
    expect(tokensMatch('', 's3cret-token')).toBe(false);
    expect(tokensMatch('s3cret-token-and-more', 's3cret-token')).toBe(false);
  });
});

describe('warnings', () => {
  it('say nothing for the defaults', () => {
    expect(warnings(harombeConfigSchema.parse({}))).toEqual([]);
  });
  it('warn when bound beyond loopback without a token', () => {
    const [warning] = warnings(harombeConfigSchema.parse({ server: { host: '0.0.0.0' } }));
    expect(warning).toContain('remote clients can reach only /health and /v1');
    expect(warning).toContain('set server.auth_token to open the rest');
    expect(warnings(harombeConfigSchema.parse({ server: { host: '0.0.0.0', auth_token: 'x' } }))).toEqual([]);
  });
  it('warn when dangerous tools run without asking', () => {
    expect(warnings(harombeConfigSchema.parse({ tools: { confirm_dangerous: false } }))).toEqual([
      expect.stringContaining('dangerous tools (shell commands, file writes) run without asking'),
    ]);
  });
});
