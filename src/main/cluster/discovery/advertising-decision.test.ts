// `harombe start` advertises only a node another machine could reach, and only while server.advertise allows it.
import { describe, expect, it } from 'vitest';
import { decideAdvertising } from './advertising-decision';

describe('decideAdvertising', () => {
  it('advertises on every interface when the API listens on all of them', () => {
    expect(decideAdvertising({ host: '0.0.0.0' })).toEqual({ advertise: true });
    expect(decideAdvertising({ host: '::', advertise: true })).toEqual({ advertise: true });
  });

  it('advertises on the one interface the API is bound to', () => {
    expect(decideAdvertising({ host: '192.168.1.20' })).toEqual({ advertise: true, interface: '192.168.1.20' });
  });

  it('stays quiet when server.advertise is false', () => {
    expect(decideAdvertising({ host: '0.0.0.0', advertise: false })).toEqual({ advertise: false, reason: 'server.advertise is false' });
  });

  it.each(['127.0.0.1', 'localhost', '::1'])('stays quiet on loopback (%s) and says how to join a cluster', (host) => {
    const decision = decideAdvertising({ host });
    expect(decision.advertise).toBe(false);
    if (!decision.advertise) expect(decision.reason).toContain('server.host: 0.0.0.0');
  });
});
