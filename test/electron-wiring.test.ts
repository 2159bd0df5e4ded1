// The desktop app's wiring without the Electron binary: the BUILT main bundle (out/main) runs under plain Node with
// `electron` resolved to a recording fake (test/support/fake-electron). It must host the real runtime (the server
// answers, the window shows the server's own page with the token handed over), keep its windows locked down, raise a
// notification for a confirmation while hidden, and on quit leave no socket, timer or child process, and no port bound.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../src/main/electron/port-decision';
import { FakeElectronChild, mainBundleMissing, type FakeEvent } from './support/fake-electron/child';
import { closeTestServers, serve } from './support/loopback-http';
import { OllamaStandIn } from './support/ollama-stand-in';

const missing = mainBundleMissing();
if (missing) console.warn(`skipping the Electron wiring test: ${missing}`);

let standIn: OllamaStandIn;
const children: FakeElectronChild[] = [];

beforeAll(async () => {
  standIn = await new OllamaStandIn().start();
  standIn.on({ lastUserMessage: /run (.+)/ }).callTool('shell', { command: 'echo from-the-desktop' });
});
afterAll(async () => {
  await standIn.stop();
  await closeTestServers();
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

async function homeWithConfig(port: number, extra = ''): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'harombe-desktop-'));
  await writeFile(join(home, 'harombe.yaml'), `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\nserver:\n  port: ${port}\ntools:\n  sandbox: none\n  web_search: false\n${extra}`);
  return home;
}

function launch(home: string, env: Record<string, string> = {}): FakeElectronChild {
  const child = new FakeElectronChild(home, env);
  children.push(child);
  return child;
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** This launch's log file (one per launch, under Electron's logs folder). */
async function launchLog(home: string): Promise<string> {
  const folder = join(home, 'electron-data', 'logs');
  const [name] = await readdir(folder);
  return readFile(join(folder, name!), 'utf8');
}

/** Quits through the app (the tray's Quit, the OS) and returns what still held the process afterwards. */
async function quit(child: FakeElectronChild): Promise<{ code: unknown; leftovers: string[]; exitCode: number | null }> {
  await child.command('quit');
  const exit = await child.event('exit');
  // The child's own IPC channel and stdio pipes are the test's; anything else (a socket, a timer, a child process) is a leak.
  const leftovers = (exit['resources'] as string[]).filter((kind) => kind !== 'PipeWrap' && kind !== 'TTYWrap');
  return { code: exit['code'], leftovers, exitCode: await child.exited };
}

describe.skipIf(Boolean(missing))('the desktop main process, wired to a fake Electron', () => {
  it('hosts the runtime: the window shows the server’s own page, handed the token; quit leaves nothing running or bound', async () => {
    const port = await freeLoopbackPort();
    const home = await homeWithConfig(port);
    const app = launch(home);
    await app.command('ready');
    const loaded = await app.event('loaded');
    const origin = `http://127.0.0.1:${port}`;
    expect(loaded['url']).toBe(`${origin}/#/chat`);
    expect(loaded['status']).toBe(200);
    expect((await fetch(`${origin}/health`)).status).toBe(200);
    // The tray is up with the server's live state: the menu opens the chat and quits.
    const menu = await app.event('tray-menu');
    expect(menu['labels']).toEqual(expect.arrayContaining(['Open chat', 'Quit harombe']));

    // The preload's synchronous session: the server's URL and its local token, which the API accepts.
    const session = await app.command<{ apiBaseUrl: string; token: string }>('session', { frameUrl: `${origin}/#/chat` });
    expect(session.apiBaseUrl).toBe(origin);
    expect(session.token).toBe((await readFile(join(home, 'local-token'), 'utf8')).trim());
    expect((await fetch(`${origin}/conversations`)).status).toBe(401);
    expect((await fetch(`${origin}/conversations`, { headers: { authorization: `Bearer ${session.token}` } })).status).toBe(200);

    // The renderer heap gets the bounded V8 flags `harombe start` runs with.
    expect(await app.command('switches')).toMatchObject({ 'js-flags': '--max-semi-space-size=8 --max-old-space-size=1024' });

    const { code, leftovers, exitCode } = await quit(app);
    expect(code).toBe(0);
    expect(leftovers).toEqual([]);
    expect(exitCode).toBe(0);
    expect(await refused(port)).toBe(true);
    const log = await launchLog(home);
    expect(log).toContain(`harombe serves ${origin}`);
    expect(log).toContain('harombe stopped');
    console.info(`desktop main: ${/config to server answering: \d+ ms/.exec(log)?.[0] ?? 'no start time logged'}`);
  });

  it('keeps every page locked down: no token for a foreign frame, foreign navigation leaves or is refused, no webviews or permissions', async () => {
    const port = await freeLoopbackPort();
    const app = launch(await homeWithConfig(port));
    await app.command('ready');
    await app.event('loaded');
    const origin = `http://127.0.0.1:${port}`;
    const [window] = await app.command<Array<{ options: { webPreferences: Record<string, unknown> } }>>('windows');
    expect(window!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });

    expect(await app.command('session', { frameUrl: 'https://evil.example/' })).toBeNull();
    expect(await app.command('invoke', { channel: 'harombe:open-external', frameUrl: 'https://evil.example/', args: ['https://docs.example/'] })).toMatchObject({ error: expect.stringContaining("only the app's own page") });
    expect(await app.command('invoke', { channel: 'harombe:open-external', frameUrl: `${origin}/`, args: ['file:///etc/passwd'] })).toMatchObject({ error: expect.stringContaining('only http and https') });
    expect(await app.command('invoke', { channel: 'harombe:open-external', frameUrl: `${origin}/`, args: ['https://docs.example/'] })).toEqual({ value: null });

    expect(await app.command('navigate', { index: 0, url: `${origin}/#/settings` })).toEqual({ prevented: false });
    expect(await app.command('navigate', { index: 0, url: 'https://example.com/page' })).toEqual({ prevented: true });
    expect(await app.command('navigate', { index: 0, url: 'file:///etc/passwd' })).toEqual({ prevented: true });
    expect(await app.command('windowOpen', { index: 0, url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(await app.command('attachWebview', { index: 0 })).toEqual({ prevented: true });
    expect(await app.command('permission', { permission: 'media' })).toEqual({ granted: false });
    // Only the web links went to the system browser.
    expect(app.events.filter((event) => event.type === 'open-external').map((event) => event['url'])).toEqual(['https://docs.example/', 'https://example.com/page']);
    expect((await quit(app)).leftovers).toEqual([]);
  });

  it('closing the window keeps harombe serving in the tray; a confirmation then raises a notification that opens the window', async () => {
    const port = await freeLoopbackPort();
    const app = launch(await homeWithConfig(port));
    await app.command('ready');
    await app.event('loaded');
    const origin = `http://127.0.0.1:${port}`;
    expect(await app.command('close', { index: 0 })).toEqual({ destroyed: false, visible: false });
    const notice = await app.event('notification');
    expect(notice['body']).toContain('still running in the tray');
    expect((await fetch(`${origin}/health`)).status).toBe(200);

    const { token } = await app.command<{ token: string }>('session', { frameUrl: `${origin}/` });
    const turn = new AbortController();
    const stream = fetch(`${origin}/chat/stream`, { method: 'POST', signal: turn.signal, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ message: 'please run the check' }) });
    const asked = await app.event('notification', (event: FakeEvent) => String(event['title']).includes('shell'));
    expect(asked['title']).toBe('harombe asks before shell');
    // The tray follows the live state: the attention icon, and the approval listed in its menu.
    await app.event('tray-image', (event) => String(event['image']).includes('attention'));
    await app.event('tray-menu', (event) => JSON.stringify(event['labels']).includes('Waiting for your approval (1)'));
    await app.command('clickNotification', { index: asked['index'] });
    const [window] = await app.command<Array<{ visible: boolean; url: string }>>('windows');
    expect(window!.visible).toBe(true);
    expect(window!.url).toMatch(new RegExp(`^${origin}/#/chat\\?conversation=`));
    turn.abort();
    await stream.catch(() => undefined);

    // A second close shows no notice again.
    await app.command('close', { index: 0 });
    expect(app.events.filter((event) => event.type === 'notification' && String(event['body']).includes('tray'))).toHaveLength(1);
    const { leftovers, exitCode } = await quit(app);
    expect(leftovers).toEqual([]);
    expect(exitCode).toBe(0);
    expect(await refused(port)).toBe(true);
  });

  it('a second launch starts nothing and leaves; the first comes forward', async () => {
    const port = await freeLoopbackPort();
    const home = await homeWithConfig(port);
    const second = launch(home, { FAKE_ELECTRON_SECOND_INSTANCE: '1' });
    expect((await second.event('exit'))['code']).toBe(0);
    expect(await second.exited).toBe(0);
    expect(second.events.filter((event) => event.type === 'window')).toEqual([]);
    expect(await refused(port)).toBe(true);

    const first = launch(home);
    await first.command('ready');
    await first.event('loaded');
    await first.command('close', { index: 0 });
    await first.command('secondInstance');
    await first.event('focus');
    const [window] = await first.command<Array<{ visible: boolean }>>('windows');
    expect(window!.visible).toBe(true);
    expect((await quit(first)).leftovers).toEqual([]);
  });

  it('the tray follows the cluster: its first menu lists the nodes; one that stops is shown down, the icon some-down', async () => {
    const node = await new OllamaStandIn().start();
    const port = await freeLoopbackPort();
    const home = await homeWithConfig(port, `cluster:\n  nodes:\n    - name: gpu-box\n      host: 127.0.0.1\n      port: ${new URL(node.url).port}\n      model: qwen2.5:7b\n      tier: 1\n      kind: ollama\n`);
    const app = launch(home);
    try {
      await app.command('ready');
      await app.event('loaded');
      const nodeLine = (event: FakeEvent) => JSON.stringify(event['labels']).match(/"label":"([^"]*gpu-box[^"]*)"/)?.[1] ?? '';
      await app.event('tray-menu', (event) => nodeLine(event).includes('up'));
      await node.stop();
      const before = app.events.length;
      await app.command('clickTray', { path: ['● gpu-box', 'Test now'] });
      const down = await app.event('tray-menu', (event) => app.events.indexOf(event) >= before && nodeLine(event).includes('✕'));
      expect(nodeLine(down)).toMatch(/✕ gpu-box/);
      // One of the two nodes (gpu-box, and this machine's own Ollama) down: the "some down" face.
      const icon = await app.event('tray-image', (event) => app.events.indexOf(event) >= before && !String(event['image']).includes('-ok-'));
      expect(String(icon['image'])).toMatch(/degraded/);
    } finally {
      await node.stop().catch(() => undefined);
    }
    expect((await quit(app)).leftovers).toEqual([]);
  });

  it('something else on the port: starts on a free loopback port, says so, and the window follows it', async () => {
    const squatter = await serve((_request, response) => void response.end('<html>not harombe</html>'));
    const taken = Number(new URL(squatter.url).port);
    const home = await homeWithConfig(taken);
    const app = launch(home);
    await app.command('ready');
    const loaded = await app.event('loaded');
    const url = new URL(String(loaded['url']));
    expect(url.port).not.toBe(String(taken));
    expect(url.hostname).toBe('127.0.0.1');
    expect((await fetch(`${url.origin}/health`)).status).toBe(200);
    // The window is told too (the preload's startNotice, shown as a banner), not only the tray and the log.
    const session = await app.command<{ notice?: string }>('session', { frameUrl: `${url.origin}/` });
    expect(session.notice).toContain(`127.0.0.1:${taken} is taken by another program, not harombe`);
    const { leftovers } = await quit(app);
    expect(leftovers).toEqual([]);
    expect(await launchLog(home)).toContain(`127.0.0.1:${taken} is taken by another program, not harombe`);
  });
});

