// Compile-time constants injected by the bundlers (scripts/build-cli.mjs, electron.vite.config.ts, vitest.config.ts).
declare const __HAROMBE_VERSION__: string;
