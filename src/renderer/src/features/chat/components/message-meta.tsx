// Under an answer: which model, node and tier answered (the router's reason on hover), speed and duration.
import { formatDuration } from '../../../../../shared/format';
import { Tooltip } from '../../../components/ui/tooltip';
import { turnTimings, type TurnState } from '../model/turn-state';

export function MessageMeta({ turn, model }: { turn: TurnState; model: string | undefined }) {
  const { durationMs, tokensPerSecond } = turnTimings(turn);
  const pieces: string[] = [];
  if (tokensPerSecond !== undefined) pieces.push(`${tokensPerSecond.toFixed(1)} tokens/s`);
  if (durationMs !== undefined) pieces.push(formatDuration(durationMs));
  if (!model && !turn.route && pieces.length === 0) return null;
  return (
    <div className="message-meta">
      {model && <span>{model}</span>}
      {turn.route && (
        <Tooltip content={`${turn.route.complexity}: ${turn.route.reason}`}>
          <span tabIndex={0} className="message-meta-route">
            {turn.route.node} · tier {turn.route.tier}
          </span>
        </Tooltip>
      )}
      {pieces.map((piece) => (
        <span key={piece}>{piece}</span>
      ))}
    </div>
  );
}
