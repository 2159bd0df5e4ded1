// Real bubblewrap for the tests that need it: the detector they share, or the reason they skip, printed where it shows.
import { SandboxDetector } from '../../src/main/tools/sandbox';

export interface BubblewrapForTests {
  detector: SandboxDetector;
  /** Set when bubblewrap cannot confine commands here; the suite skips and the reason is printed. */
  skipReason: string | undefined;
}

/** Probes bubblewrap as `harombe doctor` would; `suite` names what is skipped in the printed reason. */
export async function bubblewrapForTests(suite: string): Promise<BubblewrapForTests> {
  const detector = new SandboxDetector();
  let skipReason: string | undefined;
  try {
    const status = await detector.detect('auto');
    if (status.mode !== 'bwrap') skipReason = status.reason;
  } catch (error) {
    skipReason = error instanceof Error ? error.message : String(error);
  }
  // vitest's default reporter does not show a skip's note, so say it on the console.
  if (skipReason) console.warn(`skipping ${suite}: bubblewrap cannot confine commands on this machine (${skipReason})`);
  return { detector, skipReason };
}
