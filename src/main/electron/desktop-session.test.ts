import { describe, expect, it } from 'vitest';
import { closeToTrayValue, desktopSession } from './desktop-session';

const hosted = { baseUrl: 'http://127.0.0.1:49152', token: 'local-token' };

describe('desktop session', () => {
  it('hands the window the start notice when the configured port was taken, so it can show it', () => {
    const notice = 'Port 8000 is used by another program; harombe started on 127.0.0.1:49152.';
    expect(desktopSession({ ...hosted, notice }, true, 'linux')).toEqual({ apiBaseUrl: hosted.baseUrl, token: 'local-token', platform: 'linux', notice, closeToTray: true, appearance: {} });
  });

  it('has no notice when harombe serves where it was configured, and carries the close-to-tray setting', () => {
    const session = desktopSession(hosted, false, 'darwin');
    expect(session).not.toHaveProperty('notice');
    expect(session.closeToTray).toBe(false);
  });

  it('hands the window the appearance the desktop keeps, whatever port the server came up on', () => {
    expect(desktopSession(hosted, true, 'linux', { theme: 'dark', textSize: 130 }).appearance).toEqual({ theme: 'dark', textSize: 130 });
  });

  it('the close-to-tray switch takes true or false only', () => {
    expect(closeToTrayValue(false)).toBe(false);
    expect(closeToTrayValue(true)).toBe(true);
    for (const value of ['false', 0, null, undefined, {}]) expect(() => closeToTrayValue(value)).toThrow(/send true or false/);
  });
});
