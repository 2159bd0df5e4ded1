// A conversation as a file to keep: Markdown for people (tool calls and their output included) or the saved JSON.
import type { Conversation } from '../../../../../shared/conversation-schema';
import { historyTurns } from './history-turns';

export interface ExportFile {
  name: string;
  type: string;
  content: string;
}

/** `List the files here` → `list-the-files-here`: safe in every file system. */
function fileStem(title: string): string {
  const stem = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return stem || 'conversation';
}

/** A fence longer than any backtick run inside, so output holding ``` cannot end the block early. */
function fenced(text: string, language = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

export function conversationMarkdown(conversation: Conversation): ExportFile {
  const lines = [`# ${conversation.title || 'Conversation'}`, '', `Exported from harombe · started ${conversation.created_at}`, ''];
  for (const turn of historyTurns(conversation.id, conversation.messages)) {
    if (turn.userText !== '') lines.push('## You', '', turn.userText, '');
    lines.push('## harombe', '');
    for (const part of turn.parts) {
      if (part.kind === 'text') {
        lines.push(part.text, '');
        continue;
      }
      const { call } = part;
      const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments, null, 2);
      lines.push(`**Tool \`${call.name}\`** (${call.status})`, '', fenced(args, 'json'), '');
      if (call.output !== undefined) lines.push('Output:', '', fenced(call.output), '');
    }
  }
  return { name: `${fileStem(conversation.title)}.md`, type: 'text/markdown', content: `${lines.join('\n').trimEnd()}\n` };
}

export function conversationJson(conversation: Conversation): ExportFile {
  return { name: `${fileStem(conversation.title)}.json`, type: 'application/json', content: `${JSON.stringify(conversation, null, 2)}\n` };
}
