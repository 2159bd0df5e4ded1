// The error discovery throws: what went wrong with advertising or browsing, and what to do about it.

export class DiscoveryError extends Error {
  /** What the person can do next, e.g. which config key to change. */
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message);
    this.name = 'DiscoveryError';
    this.hint = hint;
  }
}
