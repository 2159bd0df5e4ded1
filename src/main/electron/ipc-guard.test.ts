import { describe, expect, it } from 'vitest';
import { guarded, isTrustedSender, isWebLink } from './ipc-guard';

const app = 'http://127.0.0.1:8000';

describe('IPC sender checks', () => {
  it('trusts only a frame on the app origin', () => {
    expect(isTrustedSender({ senderFrame: { url: `${app}/#/chat` } }, app)).toBe(true);
    expect(isTrustedSender({ senderFrame: { url: 'https://evil.example/' } }, app)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: 'http://127.0.0.1:8001/' } }, app)).toBe(false);
    expect(isTrustedSender({ senderFrame: null }, app)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: `${app}/` } }, undefined)).toBe(false);
  });

  it('a guarded handler refuses a foreign frame with a reason and never runs', () => {
    let ran = 0;
    const handler = guarded(() => app, () => ++ran);
    expect(() => handler({ senderFrame: { url: 'https://evil.example/x' } })).toThrow(/refused a desktop call from https:\/\/evil.example\/x/);
    expect(ran).toBe(0);
    expect(handler({ senderFrame: { url: `${app}/` } })).toBe(1);
  });

  it('hands only http(s) links to the browser', () => {
    expect(isWebLink('https://ollama.com/')).toBe(true);
    expect(isWebLink('http://localhost:11434/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ms-msdt:/id', 42, undefined]) expect(isWebLink(url)).toBe(false);
  });
});
