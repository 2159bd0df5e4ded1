import { describe, expect, it } from 'vitest';
import { formatLayerBar, formatLayerLine, PullProgressTracker, shortDigest } from './pull-progress';

const DIGEST = 'sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa';

describe('PullProgressTracker', () => {
  it('passes statuses through and turns layer lines into bytes, percent and speed', () => {
    let now = 0;
    const tracker = new PullProgressTracker(() => now);
    expect(tracker.update({ status: 'pulling manifest' })).toEqual({ kind: 'status', status: 'pulling manifest' });
    expect(tracker.update({ status: 'pulling 6a0746a1ec1a', digest: DIGEST, total: 4_000_000_000 })).toEqual({
      kind: 'layer',
      layer: { digest: '6a0746a1ec1a', completed: 0, total: 4_000_000_000 },
    });
    now = 2000;
    const view = tracker.update({ status: 'pulling 6a0746a1ec1a', digest: DIGEST, total: 4_000_000_000, completed: 100_000_000 });
    expect(view).toEqual({ kind: 'layer', layer: { digest: '6a0746a1ec1a', completed: 100_000_000, total: 4_000_000_000, bytesPerSecond: 50_000_000 } });
  });

  it('measures speed over the last few seconds only', () => {
    let now = 0;
    const tracker = new PullProgressTracker(() => now, 5000);
    const line = (completed: number) => tracker.update({ status: 'pulling', digest: DIGEST, total: 1e12, completed });
    line(0);
    for (let second = 1; second <= 10; second += 1) {
      now = second * 1000;
      // Fast at first (100 MB/s), then slow (10 MB/s) from second 6 on.
      line(second <= 5 ? second * 100e6 : 500e6 + (second - 5) * 10e6);
    }
    const last = line(550e6);
    expect(last.kind === 'layer' && last.layer.bytesPerSecond).toBe(10e6);
  });

  it('shortens a digest to the 12 hex digits Ollama shows', () => {
    expect(shortDigest(DIGEST)).toBe('6a0746a1ec1a');
  });
});

describe('formatting a layer', () => {
  const layer = { digest: '6a0746a1ec1a', completed: 2_341_536_592, total: 4_683_073_184, bytesPerSecond: 35_000_000 };

  it('as a plain line', () => {
    expect(formatLayerLine(layer)).toBe('pulling 6a0746a1ec1a: 2.3 GB / 4.7 GB (50%) 35 MB/s');
    expect(formatLayerLine({ digest: 'abc', completed: 0, total: 1482 })).toBe('pulling abc: 0 bytes / 1.5 KB (0%)');
  });

  it('as a bar that fits the terminal', () => {
    const bar = formatLayerBar(layer, 100);
    expect(bar).toBe(`pulling 6a0746a1ec1a [${'█'.repeat(15)}${'░'.repeat(15)}]  50%  2.3 GB / 4.7 GB  35 MB/s`);
    expect(bar.length).toBeLessThan(100);
    const narrow = formatLayerBar(layer, 70);
    expect(narrow.length).toBeLessThan(70);
    expect(narrow).toContain('[');
    expect(formatLayerBar(layer, 40)).not.toContain('[');
    expect(formatLayerBar(layer, 40).length).toBeLessThan(40);
  });
});
