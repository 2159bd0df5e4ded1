// Which key sends a message from the composer — Enter (Shift+Enter a new line) or the other way round — remembered in
// this browser and, on the desktop, by the desktop app (desktop-appearance.ts); never in harombe.yaml.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { SEND_KEYS } from '../../../shared/appearance-schema';
import { desktopAppearance, preferDesktop, saveToDesktop } from './desktop-appearance';

export type SendKey = (typeof SEND_KEYS)[number];

interface SendKeyState {
  sendKey: SendKey;
  setSendKey(sendKey: SendKey): void;
}

export const useSendKeyStore = create<SendKeyState>()(
  persist(
    (set) => ({
      sendKey: 'enter',
      ...desktopAppearance(['sendKey']),
      setSendKey: (sendKey) => {
        set({ sendKey });
        saveToDesktop({ sendKey });
      },
    }),
    { name: 'harombe.send-key', merge: preferDesktop(['sendKey']) },
  ),
);

export interface EnterKeyEvent {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  isComposing: boolean;
}

/**
 * What Enter does in the composer: `send`, or `newline` (the textarea's own behaviour). With `shift-enter`, Ctrl/⌘+Enter
 * sends too, as in most editors. Any other key, or Enter while an input method is composing: undefined.
 */
export function enterAction(event: EnterKeyEvent, sendKey: SendKey): 'send' | 'newline' | undefined {
  if (event.key !== 'Enter' || event.isComposing) return undefined;
  if (sendKey === 'enter') return event.shiftKey ? 'newline' : 'send';
  return event.shiftKey || event.ctrlKey || event.metaKey ? 'send' : 'newline';
}

export const SEND_KEY_HINTS: Record<SendKey, string> = {
  enter: 'Enter to send, Shift+Enter for a new line',
  'shift-enter': 'Shift+Enter to send, Enter for a new line',
};
