// Which waiting calls a new "always allow" settles: its own conversation's only (unless everywhere), never on a failed check, never twice.
import { afterEach, describe, expect, it } from 'vitest';
import type { Grant } from './contracts';
import { ConfirmationBrokerImpl } from './confirmation-broker';
import type { ConfirmationRequest } from './confirmation-broker';

const rule = { tool: 'shell', match: 'ls', exact: true };
const grant = (where: Grant['where']): Grant => ({ rule, where, label: 'this exact command', conversationId: 'c1' });
const request = (conversationId: string, coveredBy: ConfirmationRequest['coveredBy']): ConfirmationRequest => ({
  conversationId,
  toolCall: { id: `call-${conversationId}`, name: 'shell', arguments: { command: 'ls' } },
  description: 'shell: ls',
  coveredBy,
});

let broker: ConfirmationBrokerImpl;
afterEach(() => broker.dispose());
const make = () => {
  let next = 0;
  broker = new ConfirmationBrokerImpl({ ids: () => `confirm-${++next}` });
  return broker;
};

describe('settleCovered', () => {
  it('a grant kept in one conversation allows only that conversation\'s covered calls, as covered and allowed once', async () => {
    const b = make();
    const mine = b.request(request('c1', async () => true));
    b.request(request('c2', async () => true));
    expect(await b.settleCovered(grant('conversation'), 'window')).toEqual(['confirm-1']);
    await expect(mine.outcome).resolves.toEqual({ decision: 'allow_once', reason: 'covered', grant: grant('conversation'), surface: 'window' });
    expect(b.pending().map((pending) => pending.conversation_id)).toEqual(['c2']);
    expect(await b.settleCovered(grant('everywhere'), undefined)).toEqual(['confirm-2']);
  });

  it('leaves a call waiting when checking the rule against it fails', async () => {
    const b = make();
    b.request(request('c1', async () => Promise.reject(new Error('rules could not be read'))));
    expect(await b.settleCovered(grant('everywhere'), 'api')).toEqual([]);
    expect(b.pending()).toHaveLength(1);
  });

  it('does not count a call answered some other way while its check ran', async () => {
    const b = make();
    b.request(
      request('c1', async () => {
        b.answer('confirm-1', 'deny');
        return true;
      }),
    );
    expect(await b.settleCovered(grant('everywhere'), 'api')).toEqual([]);
  });
});

describe('answers without a grant', () => {
  it('tell no one a grant was given', () => {
    const b = make();
    const grants: Grant[] = [];
    b.onDidGrant((given) => grants.push(given));
    b.request(request('c1', undefined));
    b.request(request('c1', undefined));
    b.answer('confirm-1', 'allow_once');
    b.answer('confirm-2', 'deny');
    expect(grants).toEqual([]);
  });
});
