import { describe, expect, it } from 'vitest';
import { chatWindowOptions, dashboardWindowOptions, isAppUrl, navigationDecision } from './window-options';

describe('window options', () => {
  it.each([
    ['chat', chatWindowOptions],
    ['dashboard', dashboardWindowOptions],
  ])('locks the %s window down: isolated, sandboxed, no Node, web security, no webviews', (_kind, options) => {
    const { webPreferences } = options({ preloadPath: '/app/out/preload/index.cjs' });
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
  });

  it('stays hidden until the page is ready, so no white flash', () => {
    expect(chatWindowOptions({ preloadPath: 'p' }).show).toBe(false);
    expect(dashboardWindowOptions({ preloadPath: 'p' }).show).toBe(false);
  });

  it('gives the dashboard a wider frame and its own title', () => {
    expect(dashboardWindowOptions({ preloadPath: 'p' })).toMatchObject({ title: 'harombe — cluster' });
    expect(dashboardWindowOptions({ preloadPath: 'p' }).width).toBeGreaterThan(chatWindowOptions({ preloadPath: 'p' }).width!);
  });
});

describe('isAppUrl', () => {
  it('allows only the app origin; everything else leaves for the browser', () => {
    expect(isAppUrl('http://127.0.0.1:8000/chat', 'http://127.0.0.1:8000')).toBe(true);
    expect(isAppUrl('http://127.0.0.1:8000/#/cluster', 'http://127.0.0.1:8000/')).toBe(true);
    expect(isAppUrl('https://example.com/', 'http://127.0.0.1:8000')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:9999/', 'http://127.0.0.1:8000')).toBe(false);
    expect(isAppUrl('not a url', 'http://127.0.0.1:8000')).toBe(false);
  });
});

describe('navigationDecision', () => {
  const app = 'http://127.0.0.1:8000';
  it('stays for the app, sends web links to the browser, refuses every other scheme', () => {
    expect(navigationDecision(`${app}/#/settings`, app)).toBe('allow');
    expect(navigationDecision('https://docs.example/page', app)).toBe('external');
    expect(navigationDecision('http://192.168.1.5:8000/', app)).toBe('external');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://share/x', 'data:text/html,hi', 'not a url']) expect(navigationDecision(url, app)).toBe('refuse');
  });
});
