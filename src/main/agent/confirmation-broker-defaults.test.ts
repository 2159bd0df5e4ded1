// The confirmation broker as main builds it, with nothing injected: its own ids and its own warning log.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfirmationBrokerImpl, type ConfirmationRequest } from './confirmation-broker';

const request = (command: string): ConfirmationRequest => ({
  conversationId: 'c1',
  toolCall: { id: `call-${command}`, name: 'shell', arguments: { command } },
  description: `shell: ${command}`,
});

describe('ConfirmationBrokerImpl with its defaults', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives each confirmation its own id, so answering one leaves the other waiting', async () => {
    const broker = new ConfirmationBrokerImpl();
    const first = broker.request(request('rm -rf build'));
    const second = broker.request(request('git push --force'));
    expect(first.confirmation.confirmation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.confirmation.confirmation_id).not.toBe(second.confirmation.confirmation_id);
    broker.answer(second.confirmation.confirmation_id, 'allow_once');
    await expect(second.outcome).resolves.toEqual({ decision: 'allow_once', reason: 'answered' });
    expect(broker.pending().map((pending) => pending.description)).toEqual(['shell: rm -rf build']);
    broker.dispose();
    await expect(first.outcome).resolves.toEqual({ decision: 'deny', reason: 'disposed' });
  });

  it('writes a listener that throws to the console as a warning, and goes on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const broker = new ConfirmationBrokerImpl();
    broker.onDidChange(() => {
      throw new Error('window closed');
    });
    const ticket = broker.request(request('rm -rf build'));
    broker.answer(ticket.confirmation.confirmation_id, 'deny');
    await expect(ticket.outcome).resolves.toMatchObject({ decision: 'deny' });
    expect(warn).toHaveBeenCalledWith('A confirmation listener failed: window closed');
    broker.dispose();
  });
});
