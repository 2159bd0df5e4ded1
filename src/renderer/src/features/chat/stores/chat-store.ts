// UI state of the chat: which conversation is open, and the turns this tab is running or ran (live, not yet refetched).
import { create } from 'zustand';
import type { ApprovalModeName } from '../../../../../shared/config-schema';
import { reduceTurn, type TurnAction } from '../model/turn-reducer';
import type { TurnState } from '../model/turn-state';

/** Turns of a conversation that has no id yet (the server gives one with its first answer). */
export const NEW_CONVERSATION = '__new__';

export interface LiveTurn extends TurnState {
  /** Saved messages the conversation had when this tab's first live turn began: history shows only those. */
  baseMessageCount: number;
}

interface ChatState {
  /** The open conversation, or NEW_CONVERSATION for a fresh one. */
  selected: string;
  liveTurns: Record<string, LiveTurn[]>;
  /** Narrow windows only: the conversation list slid over the chat. */
  sidebarOpen: boolean;
  setSidebarOpen(open: boolean): void;
  select(conversation: string): void;
  addTurn(conversation: string, turn: LiveTurn): void;
  /** Folds actions into one turn (several at once: tokens are batched per animation frame). */
  applyToTurn(conversation: string, turnId: string, actions: readonly TurnAction[], at: number): void;
  /** A new conversation got its id: its turns move under it (and the view follows if it was open). */
  adoptConversation(id: string): void;
  forgetConversation(id: string): void;
  /**
   * Edit or regenerate: the saved messages from `fromIndex` on are being replaced, so the live turns at or after it go
   * and `turn` follows the ones before it (its base is `fromIndex` when none are left).
   */
  replaceTurns(conversation: string, fromIndex: number, turn: TurnState): void;
  /** The model the next turn asks for (GET /models lists them); undefined: the configured one. */
  nextModel: string | undefined;
  setNextModel(model: string | undefined): void;
  /**
   * Approval modes picked in this tab, by conversation key (a new conversation's goes with its first turn, then moves
   * under its id); absent: the conversation's own, else tools.approval_mode.
   */
  approvalModes: Record<string, ApprovalModeName>;
  setApprovalMode(conversation: string, mode: ApprovalModeName): void;
}

export const useChatStore = create<ChatState>()((set) => ({
  selected: NEW_CONVERSATION,
  liveTurns: {},
  sidebarOpen: false,
  setSidebarOpen: (sidebarOpen) => set({ sidebarOpen }),
  select: (selected) => set({ selected, sidebarOpen: false }),
  addTurn: (conversation, turn) =>
    set((state) => ({ liveTurns: { ...state.liveTurns, [conversation]: [...(state.liveTurns[conversation] ?? []), turn] } })),
  applyToTurn: (conversation, turnId, actions, at) =>
    set((state) => {
      const turns = state.liveTurns[conversation];
      if (!turns) return state;
      return {
        liveTurns: {
          ...state.liveTurns,
          [conversation]: turns.map((turn) =>
            turn.id === turnId ? { ...actions.reduce<TurnState>((next, action) => reduceTurn(next, action, at), turn), baseMessageCount: turn.baseMessageCount } : turn,
          ),
        },
      };
    }),
  adoptConversation: (id) =>
    set((state) => {
      const fresh = state.liveTurns[NEW_CONVERSATION];
      if (!fresh) return state;
      const { [NEW_CONVERSATION]: _moved, ...rest } = state.liveTurns;
      const adopted = fresh.map((turn) => (turn.conversationId ? turn : { ...turn, conversationId: id }));
      const { [NEW_CONVERSATION]: freshMode, ...otherModes } = state.approvalModes;
      return {
        liveTurns: { ...rest, [id]: [...(rest[id] ?? []), ...adopted] },
        selected: state.selected === NEW_CONVERSATION ? id : state.selected,
        approvalModes: freshMode ? { ...otherModes, [id]: freshMode } : state.approvalModes,
      };
    }),
  replaceTurns: (conversation, fromIndex, turn) =>
    set((state) => ({ liveTurns: { ...state.liveTurns, [conversation]: replacedTurns(state.liveTurns[conversation] ?? [], fromIndex, turn) } })),
  nextModel: undefined,
  setNextModel: (nextModel) => set({ nextModel }),
  approvalModes: {},
  setApprovalMode: (conversation, mode) => set((state) => ({ approvalModes: { ...state.approvalModes, [conversation]: mode } })),
  forgetConversation: (id) =>
    set((state) => {
      const { [id]: _gone, ...rest } = state.liveTurns;
      return { liveTurns: rest, selected: state.selected === id ? NEW_CONVERSATION : state.selected };
    }),
}));

/** The live turns once the messages from `fromIndex` on are replaced by `turn`'s exchange. */
export function replacedTurns(turns: readonly LiveTurn[], fromIndex: number, turn: TurnState): LiveTurn[] {
  const base = turns[0]?.baseMessageCount;
  const kept = base !== undefined && base <= fromIndex ? turns.filter((live) => live.messageIndex !== undefined && live.messageIndex < fromIndex) : [];
  return [...kept, { ...turn, baseMessageCount: kept[0]?.baseMessageCount ?? fromIndex }];
}

/** Where a turn lives in the store: the conversation key it was filed under, and its id. */
export interface TurnAddress {
  conversation: string;
  turnId: string;
}

/** Finds a turn wherever it is filed now (a new conversation's turns move when its id arrives). */
export function findTurn(turnId: string): { conversation: string; turn: LiveTurn } | undefined {
  for (const [conversation, turns] of Object.entries(useChatStore.getState().liveTurns)) {
    const turn = turns.find((candidate) => candidate.id === turnId);
    if (turn) return { conversation, turn };
  }
  return undefined;
}
