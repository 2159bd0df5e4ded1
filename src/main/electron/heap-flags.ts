// The bounded V8 heap `harombe start` runs with (bin/harombe.js, docs/benchmarks.md's soak): the app's main process
// hosts the same server for days, so it gets the same flags.
export const SERVER_HEAP_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=1024'];
