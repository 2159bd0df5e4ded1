// Child process for the crash test: continues one conversation and saves it again and again until it is killed.
// Usage (after bundling): node conversation-saver.mjs <folder> <conversation-id>
import { FileConversationStore } from '../../src/main/agent/file-conversation-store';
import type { Conversation } from '../../src/shared';

/** Enough to keep each write big (hundreds of KB, so a kill can land mid-write) without growing forever. */
const KEEP_MESSAGES = 200;
const FILLER = 'x'.repeat(2048);

const [folder, id] = process.argv.slice(2);
if (!folder || !id) {
  process.stderr.write('usage: conversation-saver <folder> <conversation-id>\n');
  process.exit(2);
}
const store = new FileConversationStore({ folder });
const now = () => new Date().toISOString();
// Loading validates what the previous, killed saver left behind.
const conversation: Conversation = (await store.get(id)) ?? {
  id,
  title: 'crash test',
  created_at: now(),
  updated_at: now(),
  messages: [],
  always_allow: [],
};
for (let round = 0; ; round += 1) {
  conversation.messages.push({ role: 'user', content: `round ${round} ${FILLER}` }, { role: 'assistant', content: `reply ${round} ${FILLER}` });
  conversation.messages.splice(0, Math.max(0, conversation.messages.length - KEEP_MESSAGES));
  conversation.updated_at = now();
  await store.save(conversation);
  if (round === 0) process.stdout.write('saved\n');
}
