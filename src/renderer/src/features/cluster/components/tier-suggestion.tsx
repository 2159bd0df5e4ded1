// The tier a node's model suggests, in one quiet line, when it is not the tier configured: a hint, never applied.
import { TIER_NAMES } from '../model/format';

export interface TierSuggestionProps {
  configured: number;
  suggested: number | undefined;
  reason: string | undefined;
}

export function TierSuggestion({ configured, suggested, reason }: TierSuggestionProps) {
  if (suggested === undefined || suggested === configured) return null;
  return (
    <p className="node-tier-suggestion">
      suggested: tier {suggested} ({TIER_NAMES[suggested] ?? 'unknown'}), configured {configured}
      {reason ? ` — ${reason}` : null}
    </p>
  );
}
