// Drives a chat session in tests as a person at a terminal would: waits until it asks for a message or an answer, then types.
import { runChatSession, type ChatSessionOptions } from './chat-session';
import type { FakeChatEngine } from './fake-chat-engine';
import { FakeTerminalOutput, fakeTerminalInput } from './fake-terminal';

export type InputWait = 'message' | 'answer';

export function startChatSession(engine: FakeChatEngine, overrides: Partial<ChatSessionOptions> = {}) {
  const input = fakeTerminalInput(true);
  const output = new FakeTerminalOutput();
  // Each time the session waits for a line, in order; a test takes them one by one instead of polling the output.
  const arrived: InputWait[] = [];
  const takers: ((wait: InputWait) => void)[] = [];
  const nextWait = (): Promise<InputWait> => {
    const wait = arrived.shift();
    return wait ? Promise.resolve(wait) : new Promise((resolve) => takers.push(resolve));
  };
  const session = runChatSession({
    engine,
    input,
    output,
    terminal: true,
    color: false,
    attendance: 'ask',
    version: '1.2.3',
    onWaitingForInput: (wait) => {
      const taker = takers.shift();
      if (taker) taker(wait);
      else arrived.push(wait);
    },
    ...overrides,
  });
  const type = (text: string) => input.write(text);
  /** Waits until the session waits for `kind` of line (throwing if it waits for the other), then types `text`. */
  const typeWhenAsked = async (kind: InputWait, text?: string) => {
    const wait = await nextWait();
    if (wait !== kind) throw new Error(`the session waited for ${wait === 'message' ? 'a message' : 'an answer'}, not ${kind === 'message' ? 'a message' : 'an answer'}; it printed:\n${output.text()}`);
    if (text !== undefined) type(text);
  };
  /** Types `text` at the prompt once the session shows it (the previous answer finished). */
  const prompt = (text?: string) => typeWhenAsked('message', text);
  /** Types `text` as the answer once the session asks its question. */
  const answer = (text?: string) => typeWhenAsked('answer', text);
  return { session, output, type, prompt, answer };
}
