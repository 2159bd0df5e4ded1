// The fix beside a node's health reason, as a table: each failure class a check can end in, and what a person is told to do.
import { describe, expect, it } from 'vitest';
import { classifyCheckFailure, healthFix, type FixedNode, type HealthProblem } from './health-fix';

const ollama: FixedNode = { name: 'gpu', kind: 'ollama', host: '192.168.1.50', port: 11434, model: 'qwen2.5:14b' };
const harombe: FixedNode = { name: 'desk', kind: 'harombe', host: '192.168.1.60', port: 8000, model: 'qwen2.5:7b' };
const openai: FixedNode = { name: 'vllm', kind: 'openai', host: 'vllm.lan', port: 8080, model: 'mistral' };

describe('classifyCheckFailure', () => {
  it.each<[string, HealthProblem['kind']]>([
    ['Cannot reach http://192.168.1.50:11434/api/tags (ECONNREFUSED); check that the node is running and its host and port.', 'refused'],
    ['Cannot reach http://gpu.lan:11434/api/tags (ENOTFOUND); check that the node is running and its host and port.', 'dns'],
    ['Cannot reach http://gpu.lan:11434/api/tags (EAI_AGAIN); check that the node is running and its host and port.', 'dns'],
    ['Cannot reach http://10.9.9.9:11434/api/tags (EHOSTUNREACH); check that the node is running and its host and port.', 'unreachable'],
    ['No answer from http://192.168.1.50:11434/api/tags within 5 s.', 'timeout'],
    ['No answer from http://192.168.1.50:11434/api/tags in time.', 'timeout'],
    ['http://vllm.lan:8080/v1/models refused the health check (401): invalid api key; check the node\'s auth_token.', 'auth'],
    ['http://vllm.lan:8080/v1/models refused the health check (403); check the node\'s auth_token.', 'auth'],
    ['The health check of https://gpu.lan:11434/api/tags failed: unable to verify the first certificate.', 'tls'],
    ['The health check of https://gpu.lan:8000/health failed: write EPROTO 0068B…:error:0A00010B:SSL routines::wrong version number.', 'tls'],
    ['http://gpu.lan:8000/health answered 404: not found; check the node\'s kind (harombe, ollama or openai) and port.', 'wrong_server'],
    ['http://gpu.lan:8000/api/tags did not answer like Ollama (not JSON); check the node\'s kind and port.', 'wrong_server'],
    ['http://gpu.lan:8000/health answered 500: boom.', 'unknown'],
  ])('%s → %s', (message, kind) => {
    expect(classifyCheckFailure(message).kind).toBe(kind);
  });
});

describe('healthFix', () => {
  it.each<[string, FixedNode, HealthProblem, string | null]>([
    ['refused, harombe: is harombe start running there', harombe, { kind: 'refused' }, 'Is `harombe start` running on 192.168.1.60:8000? Start it there with server.host: 0.0.0.0, or correct the host and port of desk in cluster.nodes.'],
    ['refused, Ollama: is ollama serve running there', ollama, { kind: 'refused' }, 'Is `ollama serve` running on 192.168.1.50:11434? Start it there with OLLAMA_HOST=0.0.0.0, or correct the host and port of gpu in cluster.nodes.'],
    ['refused, this machine\'s own Ollama: ollama.host, not cluster.nodes', { ...ollama, name: 'local', host: 'localhost', source: 'local' }, { kind: 'refused' }, 'Is `ollama serve` running on this machine (localhost:11434)? Start it, or set ollama.host in harombe.yaml to where it runs.'],
    ['refused, another server', openai, { kind: 'refused' }, 'Is the model server running on vllm.lan:8080? Start it, or correct the host and port of vllm in cluster.nodes.'],
    ['the model is not pulled there: pull it on that machine', ollama, { kind: 'model_missing', served: ['llama3.2:3b'] }, 'Run `ollama pull qwen2.5:14b` on 192.168.1.50, or set the model of gpu to one it has (it serves llama3.2:3b).'],
    ['a harombe with another model', harombe, { kind: 'model_missing', served: [] }, "Set model.name: qwen2.5:7b in that node's harombe.yaml, or set the model of desk to what it serves."],
    ['401/403 from a harombe: the tokens do not match', harombe, { kind: 'auth' }, "The auth_token of desk in harombe.yaml does not match the node's server.auth_token: set it to that node's server.auth_token."],
    ['401/403 from another server: its key', openai, { kind: 'auth' }, 'Set auth_token of vllm in cluster.nodes to the key the server expects.'],
    ['a timeout: asleep, busy or a firewall', ollama, { kind: 'timeout' }, '192.168.1.50:11434 did not answer in time: is the machine asleep or overloaded, or a firewall dropping port 11434?'],
    ['a name that does not resolve', openai, { kind: 'dns' }, 'vllm.lan is not a name this machine can resolve: correct the host of vllm in cluster.nodes (a typo?), or use the machine\'s IP address.'],
    ['no route to the host', ollama, { kind: 'unreachable' }, 'There is no route to 192.168.1.50: is that machine on and on this network? Otherwise correct the host of gpu in cluster.nodes.'],
    ['TLS', harombe, { kind: 'tls' }, "The TLS handshake with 192.168.1.60:8000 failed: harombe reaches nodes over plain http, so point desk at the server's http port, or put a certificate this machine trusts on it."],
    ['something else answers there', harombe, { kind: 'wrong_server' }, 'Check the kind (harombe) and port (8000) of desk in cluster.nodes: is harombe what answers there?'],
    ['nothing known to fix', harombe, { kind: 'unknown' }, null],
  ])('%s', (_name, node, problem, fix) => {
    expect(healthFix(node, problem)).toBe(fix);
  });
});
