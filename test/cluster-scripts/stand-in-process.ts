// Child script: the Ollama stand-in as its own process, so it can run inside a network namespace beside a node.
// Options (JSON, argv[2]): { model, answer }. Says {"event":"listening","port":…} on stdout; stops on "stop" / SIGTERM.
import { emit, scriptOptions, stopOn } from '../discovery/scripts/script-io';
import { OllamaStandIn } from '../support/ollama-stand-in';

const options = scriptOptions<{ model: string; answer: string }>();
const standIn = await new OllamaStandIn({ models: [{ name: options.model }] }).start();
standIn.otherwise().reply(options.answer);
emit('listening', { port: standIn.port });
stopOn(() => standIn.stop());
