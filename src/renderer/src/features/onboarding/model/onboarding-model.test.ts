// Onboarding's pure parts: the download's figures, what to run per OS, whether a model fits, when onboarding shows.
import { describe, expect, it } from 'vitest';
import type { HardwareProfile } from '../../../../../shared/hardware-schema';
import { needsOnboarding } from './needs-onboarding';
import { fitOf } from './model-catalog';
import { operatingSystemOf, setupSteps } from './ollama-setup';
import { formatBytes } from '../../../../../shared/format';
import { initialPullProgress, nextPullProgress } from './pull-progress';

const cpu16: HardwareProfile = { kind: 'cpu', gpus: [], totalMemoryGb: 16, usableVramGb: 16, cpu: { brand: 'EPYC', cores: 4, speedGhz: null }, platform: 'linux' };

describe('pull progress', () => {
  it('adds up every layer, and measures speed and time left from the readings', () => {
    let progress = nextPullProgress(initialPullProgress, { type: 'progress', status: 'pulling manifest' }, 0);
    expect(progress.totalBytes).toBe(0);
    progress = nextPullProgress(progress, { type: 'progress', status: 'pulling aaa', digest: 'sha256:a', total: 4_000_000_000, completed: 0 }, 0);
    progress = nextPullProgress(progress, { type: 'progress', status: 'pulling bbb', digest: 'sha256:b', total: 1_000_000_000, completed: 0 }, 0);
    progress = nextPullProgress(progress, { type: 'progress', status: 'pulling aaa', digest: 'sha256:a', total: 4_000_000_000, completed: 1_000_000_000 }, 2000);
    expect(progress.totalBytes).toBe(5_000_000_000);
    expect(progress.completedBytes).toBe(1_000_000_000);
    expect(progress.bytesPerSecond).toBe(500_000_000);
    expect(progress.secondsLeft).toBe(8);
    expect(`${formatBytes(progress.completedBytes)} of ${formatBytes(progress.totalBytes)}`).toBe('1 GB of 5 GB');
  });
});

describe('Ollama set-up per OS', () => {
  it('reads the OS from /hardware’s platform or the browser', () => {
    expect(operatingSystemOf('darwin')).toBe('macos');
    expect(operatingSystemOf('Windows_NT')).toBe('windows');
    expect(operatingSystemOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)')).toBe('macos');
    expect(operatingSystemOf('linux')).toBe('linux');
  });

  it('gives the install command of each OS and how to start it', () => {
    expect(setupSteps('linux').map((step) => step.command)).toEqual(['curl -fsSL https://ollama.com/install.sh | sh', 'ollama serve']);
    expect(setupSteps('macos')[0]?.command).toBe('brew install ollama');
    expect(setupSteps('windows')[0]?.command).toBe('winget install Ollama.Ollama');
  });
});

describe('whether a model fits', () => {
  it('compares the memory a model needs with what this machine can give it', () => {
    expect(fitOf(4_700_000_000, cpu16)).toBe('fits');
    expect(fitOf(20_000_000_000, cpu16)).toBe('too-big');
    expect(fitOf(4_700_000_000, { ...cpu16, kind: 'nvidia', usableVramGb: 3.4 })).toBe('too-big');
    expect(fitOf(undefined, cpu16)).toBe('unknown');
    expect(fitOf(4_700_000_000, undefined)).toBe('unknown');
  });
});

describe('when onboarding takes the chat’s place', () => {
  const health = { model: 'qwen2.5:7b', version: '0.1.0', node: { name: 'laptop', tier: 0 } };
  const server = { checked_at: '2026-12-02T00:00:00Z' };
  it('while this node’s model server is down or lacks the model, and not otherwise', () => {
    expect(needsOnboarding({ ...health, status: 'degraded', model_server: { ...server, reachable: false, model_present: false } })).toBe(true);
    expect(needsOnboarding({ ...health, status: 'degraded', model_server: { ...server, reachable: true, model_present: false } })).toBe(true);
    expect(needsOnboarding({ ...health, status: 'healthy', model_server: { ...server, reachable: false, model_present: false } })).toBe(false);
    expect(needsOnboarding({ ...health, status: 'healthy' })).toBe(false);
    expect(needsOnboarding(undefined)).toBe(false);
  });
});
