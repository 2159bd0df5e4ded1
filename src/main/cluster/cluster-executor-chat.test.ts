// The agent's request on the cluster as the person reads its answer and errors, and as `harombe cluster status`
// counts it: which node a named model or a forced tier reaches, what each node is sent, the words of each way a request
// ends without an answer, and the metrics of a node that answered, broke off or was cut short.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../../shared';
import { LlmError } from '../llm';
import { COMPLEX, collect, setupExecutor, unreachable } from '../../../test/support/cluster-executor-kit';
import { Gate, finish, pause, reply, text } from '../../../test/support/scripted-llm-client';

const HI: ChatMessage[] = [{ role: 'user', content: 'hi' }];
const failing = (error: Error) => ({ type: 'error', error }) as const;

describe('streamChatOnCluster: where a request goes', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a request naming a model to a node serving it, and each node its own model name', async () => {
    const { executor, client } = setupExecutor();
    client('workstation').push(reply('from the workstation'));
    const named = await collect(executor.streamChat({ messages: COMPLEX, model: 'model-workstation' }));
    expect(named.text).toBe('from the workstation');
    expect(named.events[0]).toMatchObject({ type: 'route', node: 'workstation' });
    // Straight there: the tier-2 nodes a complex request would otherwise go to were not asked.
    expect(client('server').requests).toHaveLength(0);
    expect(client('workstation').requests[0]).toMatchObject({ messages: COMPLEX, model: undefined });
  });

  it('routes `auto`, or no model, by the request itself', async () => {
    const { executor, client } = setupExecutor();
    client('server').push(reply('complex'));
    client('laptop').push(reply('simple'));
    expect((await collect(executor.streamChat({ messages: COMPLEX, model: 'auto' }))).events[0]).toMatchObject({ node: 'server' });
    expect((await collect(executor.streamChat({ messages: HI }))).events[0]).toMatchObject({ node: 'laptop' });
  });

  it('sends a simple request to a forced tier', async () => {
    const { executor, client } = setupExecutor();
    client('server').push(reply('forced'));
    const forced = await collect(executor.streamChat({ messages: HI }, { tier: 2 }));
    expect(forced.text).toBe('forced');
    expect(forced.events[0]).toMatchObject({ type: 'route', node: 'server', tier: 2 });
    expect(client('laptop').requests).toHaveLength(0);
  });

  it('leaves no timer behind once the answer is complete', async () => {
    vi.useFakeTimers();
    const { executor, client } = setupExecutor();
    client('server').push(reply('done'));
    expect((await collect(executor.streamChat({ messages: COMPLEX }))).text).toBe('done');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('streamChatOnCluster: what the metrics count', () => {
  it('counts an answer’s first token and its pieces as tokens when the node reports no usage, and its usage when it does', async () => {
    const { executor, client, metrics } = setupExecutor();
    client('server').push([...text('one two three'), finish()]);
    await collect(executor.streamChat({ messages: COMPLEX }));
    expect(metrics.node('server')).toMatchObject({ successes: 1, total_tokens: 3 });
    expect(metrics.node('server')?.time_to_first_token_ms.average).not.toBeNull();
    client('server').push(reply('four five', { prompt_tokens: 10, completion_tokens: 42, total_tokens: 52 }));
    await collect(executor.streamChat({ messages: COMPLEX }));
    expect(metrics.node('server')).toMatchObject({ successes: 2, total_tokens: 45 });
  });

  it('counts an answer that ends before its first event as a success with no first token', async () => {
    const { executor, client, metrics } = setupExecutor();
    vi.spyOn(client('server'), 'streamChat').mockReturnValue((async function* () {})());
    const empty = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(empty.error).toBeUndefined();
    expect(metrics.node('server')).toMatchObject({ successes: 1, failures: 0, time_to_first_token_ms: { average: null } });
  });

  it('counts a cancel in the middle of the answer as cancelled, not as the node’s failure', async () => {
    const { executor, client, metrics, registry } = setupExecutor();
    const gate = new Gate();
    client('server').push([...text('Part one'), pause(gate), finish()]);
    const controller = new AbortController();
    const result = collect(executor.streamChat({ messages: COMPLEX, signal: controller.signal }));
    await gate.reached;
    controller.abort();
    const { text: said, error } = await result;
    expect(said).toBe('Part one');
    // The node client's own words for the cancel, not a node that "could not answer".
    expect(error).toMatchObject({ code: 'aborted', message: 'The request was cancelled.' });
    expect(metrics.node('server')).toMatchObject({ cancelled: 1, failures: 0 });
    expect(registry.get('server')?.circuit.consecutiveFailures).toBe(0);
  });

  it('cuts a long answer at the deadline with a hint, counted as cancelled and not against the node', async () => {
    vi.useFakeTimers();
    try {
      const { executor, client, metrics, registry } = setupExecutor({ deadlineMs: 1_000 });
      client('server').push([...text('Part one'), pause(new Gate()), finish()]);
      const result = collect(executor.streamChat({ messages: COMPLEX }));
      await vi.advanceTimersByTimeAsync(1_000);
      const { error } = await result;
      expect(error).toMatchObject({ code: 'timeout', hint: 'Ask for a shorter answer, or allow the cluster a longer deadline.' });
      expect(error?.cause).toBeDefined();
      expect(metrics.node('server')).toMatchObject({ cancelled: 1, failures: 0 });
      expect(registry.get('server')?.circuit.consecutiveFailures).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('streamChatOnCluster: an answer that breaks off', () => {
  it('keeps the node’s own hint, or says to ask again, and counts the break against the node', async () => {
    const { executor, client, metrics } = setupExecutor();
    client('server').push([...text('Half'), failing(new LlmError('server_error', 'out of memory', 'Give the node more memory.'))]);
    const hinted = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(hinted.error).toMatchObject({ code: 'server_error', hint: 'Give the node more memory.' });
    expect(hinted.error?.cause).toBeInstanceOf(LlmError);
    client('server').push([...text('Half'), failing(new LlmError('server_error', 'out of memory'))]);
    const plain = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(plain.error?.hint).toBe('Ask again; the cluster will pick a node that is up.');
    expect(metrics.node('server')).toMatchObject({ failures: 2, cancelled: 0 });
  });

  it('reads a node’s plain error as a server error in its own words', async () => {
    const { executor, client } = setupExecutor();
    client('server').push([...text('Half'), failing(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))]);
    const { error } = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({
      code: 'server_error',
      message: 'Node "server" (http://server.lan:8000) failed in the middle of the answer: socket hang up',
    });
  });

  it('does not blame the node for a break that is the request’s, and says so in the node’s words', async () => {
    const { executor, client, metrics, registry } = setupExecutor();
    client('server').push([...text('Half'), failing(new LlmError('bad_request', 'context length exceeded'))]);
    const { error } = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(error).toMatchObject({ code: 'bad_request', message: 'Node "server" could not answer: context length exceeded' });
    expect(error?.cause).toBeInstanceOf(LlmError);
    expect(metrics.node('server')).toMatchObject({ failures: 0, cancelled: 1 });
    expect(registry.get('server')?.circuit.consecutiveFailures).toBe(0);
  });

  it('calls a break on harombe’s side a bug in harombe, not a problem with the node', async () => {
    const { executor, client, metrics } = setupExecutor();
    const ours = new RangeError('Invalid string length');
    client('server').push([...text('Half'), failing(ours)]);
    const { error } = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(error).toMatchObject({
      code: 'internal',
      message: 'harombe could not send the request to node "server": it failed on harombe\'s side, before reaching the node.',
      hint: 'This is a bug in harombe, not a problem with the node; please report it.',
      cause: ours,
    });
    expect(metrics.node('server')).toMatchObject({ failures: 0, cancelled: 1 });
  });
});

describe('streamChatOnCluster: no answer at all', () => {
  afterEach(() => vi.useRealTimers());

  it('says the request was cancelled when the caller cancelled it during the pause before the next node', async () => {
    vi.useFakeTimers();
    const { executor, client } = setupExecutor({ retryBaseMs: 1_000 });
    client('server').push([unreachable('http://server.lan:8000')]);
    const controller = new AbortController();
    const result = collect(executor.streamChat({ messages: COMPLEX, signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    const { error } = await result;
    expect(error).toMatchObject({ code: 'aborted', message: 'The request to the model was cancelled.' });
  });

  it('names the one node a request could go to, ends its words with a full stop, and says no other could take it', async () => {
    const { executor, client, registry } = setupExecutor();
    for (const name of ['server-b', 'workstation', 'laptop']) registry.remove(name);
    const cause = new LlmError('unreachable', 'Cannot reach the model server at http://server.lan:8000', 'Start it.');
    client('server').push([failing(cause)]);
    const { error } = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(error).toMatchObject({
      code: 'unreachable',
      message: 'Node "server" could not answer: Cannot reach the model server at http://server.lan:8000. No other node could take the request.',
      hint: 'Start it.',
      cause,
    });
  });

  it('keeps a node’s plain error, as it was thrown, beneath the words naming the node', async () => {
    const { executor, client, registry } = setupExecutor();
    for (const name of ['server-b', 'workstation', 'laptop']) registry.remove(name);
    const thrown = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    client('server').push([failing(thrown)]);
    const { error } = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(error).toMatchObject({ code: 'server_error', message: 'Node "server" could not answer: socket hang up. No other node could take the request.' });
    expect((error?.cause as LlmError).cause).toBe(thrown);
  });

  it('keeps a node’s own closing mark, and does not say no other node could take it when others were candidates', async () => {
    const { executor, client, registry } = setupExecutor();
    const decision = executor.decide({ messages: COMPLEX });
    // The other candidates left the cluster after the decision: one node asked, but not the only one that could be.
    for (const name of ['server-b', 'workstation', 'laptop']) registry.remove(name);
    client('server').push([failing(new LlmError('server_error', 'Out of memory!'))]);
    const { error } = await collect(executor.streamChat({ messages: COMPLEX }, { decision }));
    expect(error?.message).toBe('Node "server" could not answer: Out of memory!');
  });

  it('gives the nodes’ own failures and what to try when the deadline passes before any answer', async () => {
    vi.useFakeTimers();
    const { executor, client } = setupExecutor({ deadlineMs: 5_000, firstTokenTimeoutMs: 60_000, retryBaseMs: 1 });
    client('server').push([unreachable('http://server.lan:8000')]);
    client('server-b').push([pause(new Gate()), ...reply('never')]);
    const result = collect(executor.streamChat({ messages: COMPLEX }));
    await vi.advanceTimersByTimeAsync(5_000);
    const { error } = await result;
    expect(error).toMatchObject({
      code: 'timeout',
      message:
        'No answer from the cluster within 5 s (server: Cannot reach the model server at http://server.lan:8000 (ECONNREFUSED); server-b: still silent when the deadline passed).',
      hint: 'The nodes may be overloaded or loading their models; try again shortly.',
    });
  });

  it('points at the cluster status when several nodes failed, keeping the last one’s code and error', async () => {
    const { executor, client } = setupExecutor({ maxAttempts: 2, retryBaseMs: 1 });
    client('server').push([unreachable('a')]);
    const last = new LlmError('model_missing', 'b is busy');
    client('server-b').push([failing(last)]);
    const { error } = await collect(executor.streamChat({ messages: COMPLEX }));
    expect(error).toMatchObject({
      code: 'model_missing',
      hint: "See `harombe cluster status` for each node's health; requests go through again as soon as one is back.",
      cause: last,
    });
  });

  it('calls it unreachable when every candidate left the cluster before being asked', async () => {
    const { executor, registry } = setupExecutor();
    const decision = executor.decide({ messages: COMPLEX });
    for (const name of ['server', 'server-b', 'workstation', 'laptop']) registry.remove(name);
    const { error } = await collect(executor.streamChat({ messages: COMPLEX }, { decision }));
    expect(error).toMatchObject({ code: 'unreachable', message: 'No cluster node could answer (every candidate left the cluster).' });
  });
});
