import { describe, expect, it } from 'vitest';
import { decideClose, QuitFlow } from './lifecycle';

describe('closing a window', () => {
  it('hides to the tray, with the notice the first time only', () => {
    expect(decideClose({ closeToTray: true, closeNoticeShown: false }, false)).toEqual({ action: 'hide', notice: true });
    expect(decideClose({ closeToTray: true, closeNoticeShown: true }, false)).toEqual({ action: 'hide', notice: false });
  });

  it('quits when the setting is off, and just closes while quitting', () => {
    expect(decideClose({ closeToTray: false, closeNoticeShown: false }, false)).toEqual({ action: 'quit' });
    expect(decideClose({ closeToTray: true, closeNoticeShown: false }, true)).toEqual({ action: 'close' });
  });
});

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('the quit flow', () => {
  it('holds the exit until everything stopped, stops once however often quit is asked, then lets the app go', async () => {
    const stopped = gate();
    let stops = 0;
    let exits = 0;
    const flow = new QuitFlow(
      async () => {
        stops += 1;
        await stopped.opened;
      },
      () => (exits += 1),
    );
    expect(flow.quitting).toBe(false);
    expect(flow.requestQuit()).toBe(true);
    expect(flow.requestQuit()).toBe(true);
    expect(flow.current).toBe('stopping');
    expect(exits).toBe(0);
    stopped.open();
    await flow.done;
    expect({ stops, exits, state: flow.current }).toEqual({ stops: 1, exits: 1, state: 'stopped' });
    expect(flow.requestQuit()).toBe(false);
  });

  it('still exits when stopping fails, after reporting why', async () => {
    const errors: unknown[] = [];
    let exits = 0;
    const flow = new QuitFlow(() => Promise.reject(new Error('port stuck')), () => (exits += 1), (error) => errors.push(error));
    flow.requestQuit();
    await flow.done;
    expect(exits).toBe(1);
    expect(String(errors[0])).toContain('port stuck');
  });
});
