import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { allTrayIconFiles, TRAY_ICON_FOLDER, trayIconFile } from './tray-icon';

const folder = new URL(`../../../resources/${TRAY_ICON_FOLDER}/`, import.meta.url);

/** Width, height and colour type from a PNG's IHDR chunk. */
function pngHeader(file: string): { width: number; height: number; colourType: number } {
  const bytes = readFileSync(new URL(file, folder));
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colourType: bytes[25] ?? -1 };
}

/** The colours of a PNG's opaque pixels (alpha over half), decoded by drawing it with resvg. */
function colours(file: string): Set<string> {
  const data = readFileSync(new URL(file, folder)).toString('base64');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><image width="32" height="32" href="data:image/png;base64,${data}"/></svg>`;
  const pixels = new Resvg(svg).render().pixels;
  const found = new Set<string>();
  for (let offset = 0; offset < pixels.length; offset += 4) {
    // Premultiplied edges are dark anyway; full-coverage pixels carry the true colour.
    if ((pixels[offset + 3] ?? 0) === 255) found.add(`${pixels[offset]},${pixels[offset + 1]},${pixels[offset + 2]}`);
  }
  return found;
}

describe('tray icons', () => {
  it('use template images on macOS and light or dark variants elsewhere', () => {
    expect(trayIconFile({ health: 'degraded', platform: 'darwin', darkTaskbar: true })).toBe('tray-degradedTemplate.png');
    expect(trayIconFile({ health: 'attention', platform: 'win32', darkTaskbar: true })).toBe('tray-attention-dark.png');
    expect(trayIconFile({ health: 'down', platform: 'linux', darkTaskbar: false })).toBe('tray-down-light.png');
  });

  it('exist for every state and variant, at 16 px and 32 px (@2x), with an alpha channel', () => {
    for (const file of allTrayIconFiles()) {
      expect(pngHeader(file)).toMatchObject({ width: 16, height: 16, colourType: 6 });
      expect(pngHeader(file.replace(/\.png$/, '@2x.png'))).toMatchObject({ width: 32, height: 32, colourType: 6 });
    }
    expect(allTrayIconFiles()).toHaveLength(12);
  });

  it('macOS template images are black and alpha only, so the menu bar can tint them; the others are not', () => {
    const template = colours('tray-attentionTemplate@2x.png');
    expect(template.size).toBeGreaterThan(0);
    expect([...template]).toEqual(['0,0,0']);
    expect(colours('tray-attention-light@2x.png').size).toBeGreaterThan(1);
  });
});
