// Renders the tray icons (resources/tray-src/*.svg → resources/tray/*.png at 16 px and @2x) and the app icon
// (resources/icon.svg → resources/icon.png, 1024 px, which electron-builder turns into .icns/.ico). The PNGs are
// committed; run `npm run icons` after editing an SVG. Uses @resvg/resvg-js (a dev dependency).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const resources = new URL('../resources/', import.meta.url).pathname;
const sources = join(resources, 'tray-src');
const output = join(resources, 'tray');

// The SVG sources are drawn for a light taskbar; the other variants swap these colours.
const GLYPH = '#1f2328';
const BADGES = { '#d97706': '#fbbf24', '#dc2626': '#f87171', '#2563eb': '#60a5fa' };

function recolour(svg, map) {
  return Object.entries(map).reduce((text, [from, to]) => text.replaceAll(from, to), svg);
}

const variants = {
  // macOS tints a template image itself: black and alpha only, the state told by shape.
  Template: (svg) => recolour(svg, Object.fromEntries([GLYPH, ...Object.keys(BADGES)].map((colour) => [colour, '#000000']))),
  '-light': (svg) => svg,
  '-dark': (svg) => recolour(svg, { [GLYPH]: '#f4f6f8', ...BADGES }),
};

function render(svg, width) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: width } }).render().asPng();
}

mkdirSync(output, { recursive: true });
const written = [];
for (const file of readdirSync(sources).filter((name) => name.endsWith('.svg')).sort()) {
  const svg = readFileSync(join(sources, file), 'utf8');
  const name = basename(file, '.svg');
  for (const [suffix, transform] of Object.entries(variants)) {
    const variant = transform(svg);
    for (const [scale, width] of [['', 16], ['@2x', 32]]) {
      const target = join(output, `${name}${suffix}${scale}.png`);
      writeFileSync(target, render(variant, width));
      written.push(target);
    }
  }
}
writeFileSync(join(resources, 'icon.png'), render(readFileSync(join(resources, 'icon.svg'), 'utf8'), 1024));
written.push(join(resources, 'icon.png'));
console.log(`Rendered ${written.length} icons into resources/.`);
