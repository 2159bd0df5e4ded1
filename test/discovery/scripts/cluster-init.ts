// Child script: `harombe cluster init`'s conversation (runInteractiveInit, browsing real mDNS) inside a network
// namespace, with the person's answers given up front. Options (JSON, argv[2]): { path, answers, seconds }.
// Says {"event":"done","chosen":[…],"said":"…"} (or "failed") on stdout, then exits.
import { PassThrough } from 'node:stream';
import { createTerminalStyle } from '../../../src/cli/chat/terminal-style';
import { runInteractiveInit } from '../../../src/cli/cluster/cluster-init-flow';
import { emit, scriptOptions } from './script-io';

const options = scriptOptions<{ path: string; answers: string[]; seconds: number }>();
const input = new PassThrough();
input.end(`${options.answers.join('\n')}\n`);
const output = new PassThrough();
let said = '';
output.on('data', (chunk: Buffer) => (said += chunk.toString()));
runInteractiveInit({ path: options.path, force: false, browseSeconds: options.seconds, input, output, style: createTerminalStyle(false) }).then(
  (chosen) => {
    emit('done', { chosen, said });
    process.exit(0);
  },
  (error: unknown) => {
    emit('failed', { message: error instanceof Error ? error.message : String(error), said });
    process.exit(1);
  },
);
