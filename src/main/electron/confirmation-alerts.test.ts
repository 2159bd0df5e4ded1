import { describe, expect, it } from 'vitest';
import type { PendingConfirmation } from '../../shared';
import { ConfirmationAlerts, notificationFor } from './confirmation-alerts';

const confirmation = (id: string): PendingConfirmation => ({
  confirmation_id: id,
  conversation_id: 'c1',
  tool_call: { id: `t-${id}`, name: 'shell', arguments: { command: 'ls' } },
  description: 'Run `ls`',
  created_at: '2026-01-01T00:00:00Z',
  expires_at: '2026-01-01T00:05:00Z',
});

describe('confirmation notifications', () => {
  it('notifies each new confirmation once, only while no window is on screen', () => {
    const alerts = new ConfirmationAlerts();
    expect(alerts.update([confirmation('a')], false).map((c) => c.confirmation_id)).toEqual(['a']);
    expect(alerts.update([confirmation('a')], false)).toEqual([]);
    expect(alerts.update([confirmation('a'), confirmation('b')], true)).toEqual([]);
    expect(alerts.update([confirmation('a'), confirmation('b'), confirmation('c')], false).map((c) => c.confirmation_id)).toEqual(['c']);
  });

  it('names the tool and says what it would do', () => {
    expect(notificationFor(confirmation('a'))).toEqual({ title: 'harombe asks before shell', body: 'Run `ls`' });
  });
});
