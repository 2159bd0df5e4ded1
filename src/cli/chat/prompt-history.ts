// The prompts typed in earlier chats, so the arrow keys reach them next time (a plain file, one prompt a line, 0600).
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../main/fs/atomic-write';

const KEEP = 500;

/** Oldest first; empty when there is no file yet or it cannot be read (history is a convenience, never an error). */
export async function loadPromptHistory(path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((line) => line.trim() !== '').slice(-KEEP);
  } catch {
    return [];
  }
}

export async function savePromptHistory(path: string, lines: string[]): Promise<void> {
  const kept = lines.filter((line) => line.trim() !== '' && !line.includes('\n')).slice(-KEEP);
  try {
    // 0600: prompts can hold anything the person typed.
    await writeFileAtomic(path, kept.length ? `${kept.join('\n')}\n` : '', { mode: 0o600 });
  } catch {
    // Not being able to save history must not spoil the exit.
  }
}
