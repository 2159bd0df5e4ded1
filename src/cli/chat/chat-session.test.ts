import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../shared';
import { startChatSession } from './chat-session-driver';
import {
  FakeChatEngine,
  confirmingTurn,
  doneEvent,
  scriptedEvents,
  tokens,
  type TurnScript,
} from './fake-chat-engine';
import { CTRL_C, FakeTerminalOutput } from './fake-terminal';

const startSession = startChatSession;

function conversation(id: string, title: string, updatedAt: string): Conversation {
  return {
    id,
    title,
    created_at: updatedAt,
    updated_at: updatedAt,
    messages: [
      { role: 'user', content: `question about ${title}` },
      { role: 'assistant', content: `answer about ${title}` },
    ],
    always_allow: [],
  };
}

describe('interactive chat', () => {
  it('shows a banner with the model, endpoint, workspace and sandbox', async () => {
    const engine = new FakeChatEngine();
    const { session, output, type } = startSession(engine);
    type('/exit\n');
    expect(await session).toMatchObject({ exitCode: 0 });
    const text = output.text();
    expect(text).toContain('harombe v1.2.3');
    expect(text).toContain('qwen2.5:7b at http://localhost:11434');
    expect(text).toContain('workspace  /tmp/workspace');
    expect(text).toContain('sandbox    bubblewrap');
    expect(text).not.toContain('WITHOUT ASKING');
  });

  it('warns loudly when dangerous tools run without asking, and shows the engine warnings', async () => {
    const engine = new FakeChatEngine();
    engine.confirmDangerous = false;
    engine.warnings = ['no config file: using the defaults'];
    const { session, output, type } = startSession(engine);
    type('/exit\n');
    await session;
    expect(output.text()).toContain('DANGEROUS TOOLS RUN WITHOUT ASKING');
    expect(output.text()).toContain('⚠ no config file: using the defaults');
  });

  it('streams tokens in order and continues the conversation on the next message', async () => {
    const engine = new FakeChatEngine([
      scriptedEvents(...tokens('Hel', 'lo ', 'there'), doneEvent('Hello there', { conversationId: 'conv-7' })),
      scriptedEvents(...tokens('Again'), doneEvent('Again', { conversationId: 'conv-7' })),
    ]);
    const { session, output, prompt } = startSession(engine);
    await prompt('hi\n');
    await prompt('and again\n');
    await prompt('/exit\n');
    await session;
    expect(output.raw).toContain('Hello there');
    expect(output.text().indexOf('Hello there')).toBeLessThan(output.text().indexOf('Again'));
    expect(engine.inputs.map((input) => [input.message, input.conversationId, input.attendance])).toEqual([
      ['hi', undefined, 'ask'],
      ['and again', 'conv-7', 'ask'],
    ]);
  });

  it('shows a tool call and its result briefly', async () => {
    const engine = new FakeChatEngine([
      scriptedEvents(
        { type: 'tool_call', id: 'c1', name: 'read_file', arguments: { path: 'notes.txt' }, dangerous: false },
        { type: 'tool_result', id: 'c1', name: 'read_file', ok: true, output: 'one\ntwo\nthree\nfour\nfive\nsix', ms: 7 },
        { type: 'tool_call', id: 'c2', name: 'shell', arguments: { command: 'false' }, dangerous: true },
        { type: 'tool_result', id: 'c2', name: 'shell', ok: false, output: 'exit code 1', ms: 3.4 },
        doneEvent('Read it.'),
      ),
    ]);
    const { session, output, prompt } = startSession(engine);
    await prompt('read notes\n');
    await prompt('/exit\n');
    await session;
    const text = output.text();
    expect(text).toContain('⚙ read_file {"path":"notes.txt"}');
    expect(text).toContain('✓ read_file 7 ms');
    expect(text).toContain('    four\n    … 2 more lines');
    expect(text).not.toContain('five');
    expect(text).toContain('✗ shell 3 ms');
    expect(text).toContain('Read it.'); // not streamed: printed from `done`
  });

  it('shows an answer that was not streamed even after a streamed one', async () => {
    const engine = new FakeChatEngine([
      scriptedEvents(...tokens('Streamed.'), doneEvent('Streamed.')),
      scriptedEvents(doneEvent('Not streamed.')),
    ]);
    const { session, output, prompt } = startSession(engine);
    await prompt('one\n');
    await prompt('two\n');
    await prompt('/exit\n');
    await session;
    expect(output.text()).toContain('Streamed.');
    expect(output.text()).toContain('Not streamed.');
  });

  it.each([
    ['y', 'allow_once', 'Build folder removed.'],
    ['n', 'deny', 'I did not remove it.'],
    ['', 'deny', 'I did not remove it.'],
    ['a', 'always_allow', 'Build folder removed.'],
  ] as const)('answers a confirmation typed %j with %s', async (answer, decision, reply) => {
    const engine = new FakeChatEngine([confirmingTurn()]);
    const session = startSession(engine);
    const { output, prompt } = session;
    await prompt('clean up\n');
    await session.answer();
    expect(output.text()).toContain('Run shell "rm -rf build"? [y/N/a(lways)]');
    session.type(`${answer}\n`);
    await prompt('/exit\n');
    await session.session;
    expect(output.text()).toContain(reply);
    expect(engine.broker.answers).toEqual([{ confirmationId: 'confirm-1', decision }]);
    expect(output.text()).toContain('⚙ shell {"command":"rm -rf build"}');
  });

  it('does not let a line typed before the question answer it', async () => {
    const engine = new FakeChatEngine([confirmingTurn()]);
    const { session, output, prompt, answer, type } = startSession(engine);
    await prompt('clean up\ny\n'); // the "y" arrives before the question is shown
    await answer();
    expect(output.text()).toContain('[y/N/a(lways)]');
    expect(engine.broker.answers).toEqual([]);
    type('n\n');
    await prompt('/exit\n');
    await session;
    expect(output.text()).toContain('I did not remove it.');
    expect(engine.broker.answers).toEqual([{ confirmationId: 'confirm-1', decision: 'deny' }]);
  });

  it('stops asking when the confirmation expires', async () => {
    const engine = new FakeChatEngine([confirmingTurn()]);
    const { session, output, prompt, answer } = startSession(engine);
    await prompt('clean up\n');
    await answer();
    engine.broker.expire('confirm-1');
    // No answer typed: the prompt comes back on its own.
    await prompt('/exit\n');
    await session;
    expect(output.text()).toContain('the confirmation expired and the tool was not run');
    expect(output.text()).toContain('I did not remove it.');
    expect(engine.broker.answers).toEqual([]);
  });

  it('cancels the running turn on Ctrl-C and keeps going', async () => {
    let sawAbort = false;
    let streaming!: () => void;
    const streamed = new Promise<void>((resolve) => (streaming = resolve));
    const slowTurn: TurnScript = async function* (input) {
      yield { type: 'token', text: 'Once upon a time' };
      // Resumed once the session took the token: it is on the screen.
      streaming();
      await new Promise((resolve) => input.signal?.addEventListener('abort', resolve, { once: true }));
      sawAbort = input.signal?.aborted ?? false;
      yield doneEvent('Once upon a time', { cancelled: true });
    };
    const engine = new FakeChatEngine([slowTurn, scriptedEvents(...tokens('Second answer'), doneEvent('Second answer'))]);
    const { session, output, type, prompt } = startSession(engine);
    await prompt('tell me a story\n');
    await streamed;
    expect(output.text()).toContain('Once upon a time');
    type(CTRL_C);
    await prompt('something else\n');
    expect(output.text()).toContain('(cancelled');
    expect(sawAbort).toBe(true);
    await prompt(CTRL_C); // on an empty prompt: quit
    expect(await session).toMatchObject({ exitCode: 0 });
    expect(output.text()).toContain('Second answer');
    expect(engine.inputs[1]?.signal?.aborted).toBe(false);
  });

  it('clears a half-typed line on Ctrl-C instead of quitting', async () => {
    const engine = new FakeChatEngine([scriptedEvents(...tokens('ok'), doneEvent('ok'))]);
    const { session, type, prompt } = startSession(engine);
    await prompt('half a thought');
    type(CTRL_C);
    type('real question\n');
    await prompt('/exit\n');
    expect((await session).exitCode).toBe(0);
    expect(engine.inputs.map((input) => input.message)).toEqual(['real question']);
  });

  it('prints an error event with its hint and stays at the prompt', async () => {
    const engine = new FakeChatEngine([
      scriptedEvents({ type: 'error', code: 'backend_unreachable', message: 'cannot reach Ollama at http://localhost:11434', hint: 'start it with `ollama serve`' }),
      scriptedEvents(...tokens('Back again'), doneEvent('Back again')),
    ]);
    const { session, output, prompt } = startSession(engine);
    await prompt('hello\n');
    await prompt('hello again\n');
    await prompt('/exit\n');
    expect(await session).toMatchObject({ exitCode: 0 });
    expect(output.text()).toContain('Back again');
    expect(output.text()).toContain('error: cannot reach Ollama at http://localhost:11434\n  start it with `ollama serve`\n');
  });

  it('answers /help, /model and /tools', async () => {
    const engine = new FakeChatEngine();
    const { session, output, type } = startSession(engine);
    type('/help\n/model\n/tools\n/exit\n');
    await session;
    const text = output.text();
    expect(text).toContain('/history [N]');
    expect(text).toContain('Ctrl-C');
    expect(text).toContain('  model     qwen2.5:7b\n  endpoint  http://localhost:11434');
    expect(text).toMatch(/shell\s+dangerous\s+run a shell command/);
    expect(text).toMatch(/read_file\s+safe\s+read a file/);
    expect(text).toContain('sandbox    bubblewrap');
    expect(engine.inputs).toEqual([]);
  });

  it('wraps /tools descriptions at word boundaries to the terminal width, under the description column', async () => {
    const engine = new FakeChatEngine();
    const description = 'Search the web for current information and return the titles, addresses and snippets of the best results';
    engine.tools = [{ name: 'web_search', description, dangerous: false }, ...engine.tools];
    const output = new FakeTerminalOutput();
    output.columns = 60;
    const { session, type } = startSession(engine, { output });
    type('/tools\n/exit\n');
    await session;
    const lines = output.text().split('\n');
    const first = lines.findIndex((line) => line.startsWith('  web_search'));
    const toolLines = [lines[first]!];
    for (const line of lines.slice(first + 1)) {
      if (!/^ {25}\S/.test(line)) break;
      toolLines.push(line);
    }
    expect(toolLines.length).toBeGreaterThan(1);
    for (const line of toolLines) expect(line.length).toBeLessThan(60);
    // Every word whole, on one row, in order: joined back, the rows give the description.
    expect(toolLines.map((line) => line.slice(25).trim()).join(' ')).toBe(description);
    expect(toolLines[0]).toMatch(/^ {2}web_search {2}safe {7}Search the web/);
  });

  it('says so for an unknown command, and sends //text as a message', async () => {
    const engine = new FakeChatEngine([scriptedEvents(doneEvent('a path'))]);
    const { session, output, prompt } = startSession(engine);
    await prompt('/frobnicate\n//usr/bin is what?\n');
    await prompt('/exit\n');
    await session;
    expect(output.text()).toContain('a path');
    expect(output.text()).toContain('unknown command /frobnicate');
    expect(engine.inputs[0]?.message).toBe('/usr/bin is what?');
  });

  it('lists conversations with /history and resumes one with /history N', async () => {
    const engine = new FakeChatEngine(
      [scriptedEvents(doneEvent('resumed answer', { conversationId: 'older' }))],
      [conversation('older', 'Disk usage', '2025-03-01T12:00:00.000Z'), conversation('newer', 'Python venv', '2025-03-02T12:00:00.000Z')],
    );
    const { session, output, prompt } = startSession(engine);
    await prompt('/history\n');
    await prompt('/history 2\n');
    await prompt('more please\n');
    await prompt('/history 9\n/exit\n');
    await session;
    const text = output.text();
    expect(text).toContain('Resumed "Disk usage"');
    expect(text).toContain('resumed answer');
    expect(text).toMatch(/ 1\. Python venv {2}2025-03-0\d \d\d:\d\d · 2 messages · newer/);
    expect(text).toMatch(/ 2\. Disk usage {2}2025-0[23]-\d\d \d\d:\d\d · 2 messages · older/);
    expect(text).toContain('you: question about Disk usage');
    expect(text).toContain('no conversation 9');
    expect(engine.inputs[0]?.conversationId).toBe('older');
  });

  it('starts a new conversation with /clear', async () => {
    const engine = new FakeChatEngine([
      scriptedEvents(doneEvent('first', { conversationId: 'conv-1' })),
      scriptedEvents(doneEvent('fresh', { conversationId: 'conv-2' })),
    ]);
    const { session, output, prompt } = startSession(engine);
    await prompt('one\n');
    await prompt('/clear\ntwo\n');
    await prompt('/exit\n');
    await session;
    expect(output.text()).toContain('fresh');
    expect(output.text()).toContain('Started a new conversation');
    expect(engine.inputs.map((input) => input.conversationId)).toEqual([undefined, undefined]);
  });

  it('resumes the conversation it was started with', async () => {
    const engine = new FakeChatEngine([scriptedEvents(doneEvent('ok', { conversationId: 'older' }))], [conversation('older', 'Disk usage', '2025-03-01T12:00:00.000Z')]);
    const { session, output, prompt } = startSession(engine, { conversationId: 'older' });
    await prompt('go on\n');
    expect(output.text()).toContain('Resumed "Disk usage" (2 messages)');
    await prompt('/exit\n');
    await session;
    expect(output.text()).toContain('assistant: answer about Disk usage');
    expect(engine.inputs[0]?.conversationId).toBe('older');
  });

  it('runs turns with approval "allow" under --yes and says so in the banner', async () => {
    const engine = new FakeChatEngine([scriptedEvents(doneEvent('done'))]);
    const { session, output, prompt } = startSession(engine, { attendance: 'allow' });
    await prompt('go\n');
    await prompt('/exit\n');
    await session;
    expect(output.text()).toContain('--yes: dangerous tools');
    expect(engine.inputs[0]?.attendance).toBe('allow');
  });

  it('remembers entered prompts for next time, without confirmation answers', async () => {
    const engine = new FakeChatEngine([confirmingTurn()]);
    const { session, prompt, answer } = startSession(engine, { history: ['an old prompt'] });
    await prompt('clean up\n');
    await answer('y\n');
    await prompt('/exit\n');
    expect((await session).history).toEqual(['an old prompt', 'clean up', '/exit']);
  });
});
