// What a person can do to an exchange already answered — edit and resend its message, regenerate its answer — shared
// through context, so the virtualized list's turns get them without new props on every layer.
import { createContext, useContext } from 'react';
import type { TurnState } from '../model/turn-state';

export interface TurnActions {
  /** A turn is running in this conversation: nothing can be replaced until it ends. */
  busy: boolean;
  /** The conversation's last exchange (the one Regenerate is offered on). */
  lastTurnId: string | undefined;
  /** Replaces `turn`'s message (and everything after it) with `text` and its answer. */
  replace(turn: TurnState, text: string): void;
}

const TurnActionsContext = createContext<TurnActions | undefined>(undefined);

export const TurnActionsProvider = TurnActionsContext.Provider;

/** Undefined outside a conversation (a turn rendered on its own offers no actions). */
export function useTurnActions(): TurnActions | undefined {
  return useContext(TurnActionsContext);
}

/** Whether `turn`'s saved message can be replaced now. */
export function canReplace(actions: TurnActions | undefined, turn: TurnState): actions is TurnActions {
  return actions !== undefined && !actions.busy && turn.messageIndex !== undefined && turn.status !== 'streaming';
}
