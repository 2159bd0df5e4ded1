// Which key sends a message from the composer — Enter (Shift+Enter a new line) or the other way round — remembered in
// this browser, never in harombe.yaml.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type SendKey = 'enter' | 'shift-enter';

interface SendKeyState {
  sendKey: SendKey;
  setSendKey(sendKey: SendKey): void;
}

export const useSendKeyStore = create<SendKeyState>()(
  persist((set) => ({ sendKey: 'enter', setSendKey: (sendKey) => set({ sendKey }) }), { name: 'harombe.send-key' }),
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
