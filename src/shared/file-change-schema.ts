// What a file write will change, attached to its approval so a person sees it whole: a diff against the current file, or why there is none.
import { z } from 'zod';

/** One hunk of a unified diff: each line starts with `+` (added), `-` (removed), ` ` (kept) or `\` (no final newline). */
export const diffHunkSchema = z.object({
  old_start: z.number().int().nonnegative(),
  old_lines: z.number().int().nonnegative(),
  new_start: z.number().int().nonnegative(),
  new_lines: z.number().int().nonnegative(),
  lines: z.array(z.string()),
});

export const fileChangeSchema = z.discriminatedUnion('kind', [
  /** The write as a diff: every added and removed line, three lines of context around them; a new file is all added. */
  z.object({
    kind: z.literal('diff'),
    path: z.string(),
    new_file: z.boolean(),
    added: z.number().int().nonnegative(),
    removed: z.number().int().nonnegative(),
    hunks: z.array(diffHunkSchema),
  }),
  /** The current file (or the change) is too big to diff in the approval: its size, so the card can say so. */
  z.object({ kind: z.literal('too_large'), path: z.string(), bytes: z.number().int().nonnegative() }),
  /** The current file is not text (it will be replaced): its size. */
  z.object({ kind: z.literal('binary'), path: z.string(), bytes: z.number().int().nonnegative() }),
]);

export type DiffHunk = z.infer<typeof diffHunkSchema>;
export type FileChange = z.infer<typeof fileChangeSchema>;
