import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfirmationBrokerImpl } from './confirmation-broker';
import type { ConfirmationRequest } from './confirmation-broker';

const request = (overrides: Partial<ConfirmationRequest> = {}): ConfirmationRequest => ({
  conversationId: 'c1',
  toolCall: { id: 'call_1', name: 'shell', arguments: { command: 'rm -rf build' } },
  description: 'shell: rm -rf build',
  ...overrides,
});

describe('ConfirmationBrokerImpl', () => {
  let broker: ConfirmationBrokerImpl;
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-01-01T12:00:00Z') });
    let next = 0;
    broker = new ConfirmationBrokerImpl({ ids: () => `confirm-${++next}` });
  });
  afterEach(() => {
    broker.dispose();
    vi.useRealTimers();
  });

  it('lists a request as pending until it is answered, then hands over the decision', async () => {
    const ticket = broker.request(request());
    expect(ticket.confirmation).toEqual({
      confirmation_id: 'confirm-1',
      conversation_id: 'c1',
      tool_call: { id: 'call_1', name: 'shell', arguments: { command: 'rm -rf build' } },
      description: 'shell: rm -rf build',
      created_at: '2025-01-01T12:00:00.000Z',
      expires_at: '2025-01-01T12:05:00.000Z',
    });
    expect(broker.pending()).toEqual([ticket.confirmation]);

    expect(broker.answer('confirm-1', 'always_allow')).toBe(true);
    await expect(ticket.outcome).resolves.toEqual({ decision: 'always_allow', reason: 'answered' });
    expect(broker.pending()).toEqual([]);
    expect(broker.answer('confirm-1', 'allow_once')).toBe(false);
    expect(broker.answer('never-existed', 'allow_once')).toBe(false);
  });

  it('denies a request nobody answers within five minutes', async () => {
    const ticket = broker.request(request());
    await vi.advanceTimersByTimeAsync(5 * 60 * 1000 - 1);
    expect(broker.pending()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(ticket.outcome).resolves.toEqual({ decision: 'deny', reason: 'expired' });
    expect(broker.pending()).toEqual([]);
    expect(broker.answer(ticket.confirmation.confirmation_id, 'allow_once')).toBe(false);
  });

  it('takes a configured timeout', async () => {
    const quick = new ConfirmationBrokerImpl({ timeoutMs: 1000 });
    const ticket = quick.request(request());
    expect(ticket.confirmation.expires_at).toBe('2025-01-01T12:00:01.000Z');
    await vi.advanceTimersByTimeAsync(1000);
    await expect(ticket.outcome).resolves.toMatchObject({ decision: 'deny', reason: 'expired' });
  });

  it('denies and withdraws a request whose turn is cancelled', async () => {
    const controller = new AbortController();
    const ticket = broker.request(request({ signal: controller.signal }));
    controller.abort();
    await expect(ticket.outcome).resolves.toEqual({ decision: 'deny', reason: 'cancelled' });
    expect(broker.pending()).toEqual([]);

    const late = broker.request(request({ signal: controller.signal }));
    await expect(late.outcome).resolves.toEqual({ decision: 'deny', reason: 'cancelled' });
    expect(broker.pending()).toEqual([]);
  });

  it('tells listeners when confirmations come and go, until they dispose', () => {
    const seen: number[] = [];
    const subscription = broker.onDidChange(() => seen.push(broker.pending().length));
    const first = broker.request(request());
    broker.request(request());
    broker.answer(first.confirmation.confirmation_id, 'deny');
    subscription.dispose();
    broker.request(request());
    expect(seen).toEqual([1, 2, 1]);
  });

  it('keeps working when a listener throws', async () => {
    const warnings: string[] = [];
    const quiet = new ConfirmationBrokerImpl({ logger: { warn: (message) => warnings.push(message) } });
    quiet.onDidChange(() => {
      throw new Error('listener broke');
    });
    const ticket = quiet.request(request());
    quiet.answer(ticket.confirmation.confirmation_id, 'allow_once');
    await expect(ticket.outcome).resolves.toMatchObject({ decision: 'allow_once' });
    expect(warnings[0]).toContain('listener broke');
  });

  it('denies everything pending on dispose and leaves no timer behind', async () => {
    const first = broker.request(request());
    const second = broker.request(request());
    expect(vi.getTimerCount()).toBe(2);
    broker.dispose();
    await expect(first.outcome).resolves.toEqual({ decision: 'deny', reason: 'disposed' });
    await expect(second.outcome).resolves.toEqual({ decision: 'deny', reason: 'disposed' });
    expect(broker.pending()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    await expect(broker.request(request()).outcome).resolves.toMatchObject({ decision: 'deny', reason: 'disposed' });
  });
});
