// Conversations on disk: one JSON file per conversation (<id>.json), written atomically, validated on every load.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { conversationIdSchema, conversationSchema } from '../../shared';
import type { Conversation, ConversationSummary } from '../../shared';
import { conversationsDir } from '../config/paths';
import { writeFileAtomic } from '../fs/atomic-write';
import type { ConversationStore } from './contracts';

export interface StoreLogger {
  warn(message: string): void;
}

/** A conversation file that exists but cannot be used: says which file, what is wrong, and what to do. */
export class ConversationStoreError extends Error {
  constructor(
    readonly code: 'conversation_corrupt',
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ConversationStoreError';
  }
}

export interface FileConversationStoreOptions {
  /** Defaults to $HAROMBE_HOME/conversations. */
  folder?: string;
  logger?: StoreLogger;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export class FileConversationStore implements ConversationStore {
  readonly folder: string;
  private readonly logger: StoreLogger;
  /** Saves of one conversation run one after another, so an older snapshot never lands after a newer one. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(options: FileConversationStoreOptions = {}) {
    this.folder = options.folder ?? conversationsDir();
    this.logger = options.logger ?? { warn: (message) => console.warn(message) };
  }

  pathOf(id: string): string {
    return join(this.folder, `${id}.json`);
  }

  async list(): Promise<ConversationSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const summaries: ConversationSummary[] = [];
    // Dot-files are atomic-write temp files still in flight (or left by a crash).
    for (const name of names.filter((entry) => entry.endsWith('.json') && !entry.startsWith('.'))) {
      const id = name.slice(0, -'.json'.length);
      if (!conversationIdSchema.safeParse(id).success) continue;
      try {
        const conversation = await this.get(id);
        if (!conversation) continue;
        const { title, created_at, updated_at, messages } = conversation;
        summaries.push({ id, title, created_at, updated_at, message_count: messages.length });
      } catch (error) {
        if (!(error instanceof ConversationStoreError)) throw error;
        this.logger.warn(`Skipping a conversation: ${error.message} ${error.hint}`);
      }
    }
    return summaries.sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0));
  }

  async get(id: string): Promise<Conversation | undefined> {
    // An id that could not have been saved cannot exist, and must not reach the file system (`../`).
    if (!conversationIdSchema.safeParse(id).success) return undefined;
    const path = this.pathOf(id);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const hint = `Fix or delete ${path}; other conversations are not affected.`;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ConversationStoreError('conversation_corrupt', `${path} is not valid JSON (${(error as Error).message}).`, hint);
    }
    const parsed = conversationSchema.safeParse(data);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).slice(0, 3).join('; ');
      throw new ConversationStoreError('conversation_corrupt', `${path} is not a valid conversation: ${problems}.`, hint);
    }
    if (parsed.data.id !== id) {
      throw new ConversationStoreError('conversation_corrupt', `${path} holds conversation "${parsed.data.id}", not "${id}".`, hint);
    }
    return parsed.data;
  }

  async save(conversation: Conversation): Promise<void> {
    // Validate before writing: a bad object must not replace a good file.
    const valid = conversationSchema.parse(conversation);
    const text = `${JSON.stringify(valid, null, 2)}\n`;
    const previous = this.writes.get(valid.id) ?? Promise.resolve();
    // Conversations can hold private material: readable by the owner only.
    const write = previous.catch(() => undefined).then(() => writeFileAtomic(this.pathOf(valid.id), text, { mode: 0o600, syncFolder: false }));
    this.writes.set(valid.id, write);
    try {
      await write;
    } finally {
      if (this.writes.get(valid.id) === write) this.writes.delete(valid.id);
    }
  }

  async delete(id: string): Promise<boolean> {
    if (!conversationIdSchema.safeParse(id).success) return false;
    try {
      await rm(this.pathOf(id));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}
