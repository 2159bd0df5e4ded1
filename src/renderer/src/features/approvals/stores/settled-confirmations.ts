// Waiting approvals that an "always allow" answered here settled too (the server names them): their cards go away.
import { create } from 'zustand';

interface SettledConfirmations {
  ids: ReadonlySet<string>;
  add(ids: readonly string[]): void;
}

export const useSettledConfirmations = create<SettledConfirmations>()((set) => ({
  ids: new Set(),
  add: (ids) => set((state) => (ids.length === 0 ? state : { ids: new Set([...state.ids, ...ids]) })),
}));
