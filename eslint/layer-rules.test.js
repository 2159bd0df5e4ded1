import { describe, expect, it } from 'vitest';
import { layerViolation } from './layer-rules.js';

const relative = { isRelative: true };
const bare = { isRelative: false };

describe('layer rules', () => {
  it('lets main import shared and node built-ins', () => {
    expect(layerViolation('src/main/config/load.ts', 'src/shared/config-schema', relative)).toBeNull();
    expect(layerViolation('src/main/config/load.ts', 'node:fs', bare)).toBeNull();
  });

  it('keeps electron inside src/main/electron and src/preload', () => {
    expect(layerViolation('src/main/config/load.ts', 'electron', bare)).toMatch(/only src\/main\/electron and src\/preload/);
    expect(layerViolation('src/cli/index.ts', 'electron', bare)).toMatch(/may import "electron"/);
    expect(layerViolation('src/main/electron/main.ts', 'electron', bare)).toBeNull();
    expect(layerViolation('src/preload/index.ts', 'electron', bare)).toBeNull();
  });

  it('keeps the renderer to itself and shared, with no Node', () => {
    expect(layerViolation('src/renderer/src/app.tsx', 'src/main/config/paths', relative)).toMatch(/may not import from src\/main/);
    expect(layerViolation('src/renderer/src/app.tsx', 'node:fs', bare)).toMatch(/runs in the browser/);
    expect(layerViolation('src/renderer/src/app.tsx', 'src/shared/index', relative)).toBeNull();
    expect(layerViolation('src/renderer/src/app.tsx', 'react', bare)).toBeNull();
  });

  it('lets shared import only zod', () => {
    expect(layerViolation('src/shared/config-schema.ts', 'zod', bare)).toBeNull();
    expect(layerViolation('src/shared/config-schema.ts', 'yaml', bare)).toMatch(/may import only zod/);
    expect(layerViolation('src/shared/config-schema.ts', 'src/main/config/paths', relative)).toMatch(/may not import from src\/main/);
  });

  it('forbids importing the cli or renderer from main', () => {
    expect(layerViolation('src/main/runtime.ts', 'src/cli/index', relative)).toMatch(/may not import from src\/cli/);
    expect(layerViolation('src/main/runtime.ts', 'src/renderer/src/app', relative)).toMatch(/may not import from src\/renderer/);
  });
});
