// This machine as /hardware found it (CPU, memory, GPUs) and the model recommended for it, with the reason.
import type { HardwareResponse } from '../../../../../shared/api-schemas';

export function HardwareSummary({ hardware, failed }: { hardware: HardwareResponse | undefined; failed: boolean }) {
  if (failed) {
    return (
      <p className="onboarding-note">
        This server cannot describe its hardware; <code>harombe init</code> shows the report in a terminal.
      </p>
    );
  }
  if (!hardware) return <p className="onboarding-note">Looking at this machine…</p>;
  const { profile, recommendation } = hardware;
  return (
    <section className="onboarding-card" aria-labelledby="hardware-title">
      <h2 id="hardware-title">This machine</h2>
      <dl className="onboarding-facts">
        <dt>CPU</dt>
        <dd>
          {profile.cpu.brand}
          {profile.cpu.cores ? `, ${profile.cpu.cores} cores` : ''}
        </dd>
        <dt>Memory</dt>
        <dd>{profile.totalMemoryGb > 0 ? `${Math.round(profile.totalMemoryGb)} GB` : 'unknown'}</dd>
        <dt>GPU</dt>
        <dd>
          {profile.gpus.length === 0
            ? 'none found'
            : profile.gpus.map((gpu) => `${gpu.model}${gpu.vramGb !== null ? ` (${Math.round(gpu.vramGb)} GB)` : ''}`).join(', ')}
        </dd>
      </dl>
      <p className="onboarding-recommendation">
        Recommended: <strong>{recommendation.model}</strong> — {recommendation.reason}
      </p>
    </section>
  );
}
