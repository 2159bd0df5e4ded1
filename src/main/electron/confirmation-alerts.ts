// Which waiting confirmations deserve a native notification: each new one, once, and only while no harombe window is
// on screen (a visible window already shows its approval card).
import type { PendingConfirmation } from '../../shared';

export class ConfirmationAlerts {
  private readonly seen = new Set<string>();

  /** The confirmations to notify about now; every listed one counts as seen either way. */
  update(pending: readonly PendingConfirmation[], windowVisible: boolean): PendingConfirmation[] {
    const fresh = pending.filter((confirmation) => !this.seen.has(confirmation.confirmation_id));
    const waiting = new Set(pending.map((confirmation) => confirmation.confirmation_id));
    for (const id of this.seen) if (!waiting.has(id)) this.seen.delete(id);
    for (const confirmation of fresh) this.seen.add(confirmation.confirmation_id);
    return windowVisible ? [] : fresh;
  }
}

export function notificationFor(confirmation: PendingConfirmation): { title: string; body: string } {
  return { title: `harombe asks before ${confirmation.tool_call.name}`, body: confirmation.description };
}
