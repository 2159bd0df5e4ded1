import { describe, expect, it } from 'vitest';
import { trayHealth, trayTooltip } from './tray-state';
import { confirmation, node, trayState } from './tray-test-states';

describe("the tray icon's verdict", () => {
  it('is ok while the server runs and every node is up (or there is no cluster)', () => {
    expect(trayHealth(trayState())).toBe('ok');
    expect(trayHealth(trayState({ nodes: [node('a'), node('b', { status: 'degraded' }), node('c', { drain: true })] }))).toBe('ok');
  });

  it('is degraded when some nodes are down: unreachable or their circuit open', () => {
    expect(trayHealth(trayState({ nodes: [node('a'), node('b', { status: 'unavailable' })] }))).toBe('degraded');
    expect(trayHealth(trayState({ nodes: [node('a'), node('b', { circuit: 'open' })] }))).toBe('degraded');
  });

  it('is down when no node is available, the cluster is empty, or the API server is not running', () => {
    expect(trayHealth(trayState({ nodes: [node('a', { status: 'unavailable' }), node('b', { circuit: 'open' })] }))).toBe('down');
    expect(trayHealth(trayState({ nodes: [] }))).toBe('down');
    expect(trayHealth(trayState({ server: { state: 'stopped' } }))).toBe('down');
  });

  it('asks for attention while a confirmation waits, whatever the nodes', () => {
    expect(trayHealth(trayState({ nodes: [node('a', { status: 'unavailable' })], pending: [confirmation('c1')] }))).toBe('attention');
  });
});

describe('the tray tooltip', () => {
  it('says how many nodes are up and how many approvals wait', () => {
    const state = trayState({ nodes: [node('a'), node('b', { status: 'unavailable' }), node('c')], pending: [confirmation('c1')] });
    expect(trayTooltip(state)).toBe('harombe: 2 of 3 nodes up · 1 approval waiting');
  });

  it('says when the API server is stopped', () => {
    expect(trayTooltip(trayState({ server: { state: 'stopped' } }))).toBe('harombe: API server stopped');
    expect(trayTooltip(trayState())).toBe('harombe: running');
  });
});
