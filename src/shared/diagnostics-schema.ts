// What `harombe doctor` reports: one check per line, its outcome, and what to do when it did not pass.
import { z } from 'zod';

/** pass ✓ · warn ! (works, but worth a look) · fail ✗ (harombe will not work until fixed) · skip - (could not be checked). */
export const checkStatusSchema = z.enum(['pass', 'warn', 'fail', 'skip']);

export const diagnosticCheckSchema = z.object({
  /** Stable key for scripts: `node`, `config`, `ollama`, `model`, `model-tools`, `server-port`, `sandbox`, `cluster-node:<name>`. */
  id: z.string(),
  /** What was checked, as a person reads it: `Ollama`, `node gpu-box`. */
  name: z.string(),
  status: checkStatusSchema,
  /** One line: what was found. */
  detail: z.string(),
  /** Extra lines, such as each config problem at file:line:column. */
  problems: z.array(z.string()).optional(),
  /** What to do about a failure or warning. */
  fix: z.string().optional(),
});

export const doctorReportSchema = z.object({
  /** False when any check failed (warnings do not count). */
  ok: z.boolean(),
  checks: z.array(diagnosticCheckSchema),
});

export type CheckStatus = z.infer<typeof checkStatusSchema>;
export type DiagnosticCheck = z.infer<typeof diagnosticCheckSchema>;
export type DoctorReport = z.infer<typeof doctorReportSchema>;
