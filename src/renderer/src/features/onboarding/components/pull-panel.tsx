// The download under way: a progress bar with bytes, speed and time left, and Cancel; or why it failed, with Retry.
import { InlineCodeText } from '../../../components/ui/inline-code-text';
import { formatBytes, formatDuration, formatSpeed } from '../../../../../shared/format';
import type { PullState } from '../stores/pull-store';

export function PullPanel({ pull, onCancel, onRetry, onUse }: { pull: PullState; onCancel(): void; onRetry(): void; onUse(): void }) {
  if (pull.phase === 'pulling') {
    const { progress } = pull;
    const known = progress.totalBytes > 0;
    const percent = known ? Math.floor((progress.completedBytes / progress.totalBytes) * 100) : undefined;
    return (
      <section className="onboarding-pull" aria-label={`Downloading ${pull.model}`}>
        <p className="onboarding-pull-title">
          Downloading <strong>{pull.model}</strong> — {progress.status}
        </p>
        <progress className="onboarding-progress" aria-label={`Download of ${pull.model}`} max={100} value={percent} />
        <p className="onboarding-pull-figures" aria-live="polite">
          {known ? `${formatBytes(progress.completedBytes)} of ${formatBytes(progress.totalBytes)} (${percent}%)` : 'Asking the registry…'}
          {progress.bytesPerSecond !== undefined && ` · ${formatSpeed(progress.bytesPerSecond)}`}
          {progress.secondsLeft !== undefined && ` · ${formatDuration(progress.secondsLeft * 1000)} left`}
        </p>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </section>
    );
  }
  if (pull.phase === 'failed') {
    return (
      <section className="onboarding-pull" aria-label={`Download of ${pull.model} failed`}>
        <p role="alert" className="onboarding-problem">
          <InlineCodeText text={pull.message} />
          {pull.hint && (
            <span className="onboarding-hint">
              {' '}
              <InlineCodeText text={pull.hint} />
            </span>
          )}
        </p>
        <button type="button" className="button button-primary" onClick={onRetry}>
          Retry
        </button>
      </section>
    );
  }
  if (pull.phase === 'cancelled') {
    return (
      <section className="onboarding-pull" aria-label={`Download of ${pull.model} cancelled`}>
        <p role="status">The download of {pull.model} was cancelled; nothing was installed.</p>
        <button type="button" className="button" onClick={onRetry}>
          Download again
        </button>
      </section>
    );
  }
  return (
    <section className="onboarding-pull" aria-label={`${pull.model} downloaded`}>
      <p role="status">{pull.model} is downloaded.</p>
      <button type="button" className="button button-primary" onClick={onUse}>
        Use {pull.model}
      </button>
    </section>
  );
}
