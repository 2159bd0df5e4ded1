// Node module-resolution hook for the wiring test: every `import 'electron'` (main's and electron-store's) gets the
// recording fake beside this file instead of the Electron binary this workplace cannot download.
const FAKE = new URL('./index.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: FAKE, shortCircuit: true };
  return nextResolve(specifier, context);
}
