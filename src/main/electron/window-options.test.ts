import { describe, expect, it } from 'vitest';
import { chatWindowOptions, isAppUrl } from './window-options';

describe('chat window options', () => {
  it('locks the renderer down: isolated, sandboxed, no Node', () => {
    const { webPreferences } = chatWindowOptions({ preloadPath: '/app/out/preload/index.cjs' });
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: '/app/out/preload/index.cjs' });
  });

  it('stays hidden until the page is ready, so no white flash', () => {
    expect(chatWindowOptions({ preloadPath: 'p' }).show).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('allows only the app origin; everything else leaves for the browser', () => {
    expect(isAppUrl('http://127.0.0.1:8000/chat', 'http://127.0.0.1:8000')).toBe(true);
    expect(isAppUrl('https://example.com/', 'http://127.0.0.1:8000')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:9999/', 'http://127.0.0.1:8000')).toBe(false);
    expect(isAppUrl('not a url', 'http://127.0.0.1:8000')).toBe(false);
  });
});
