// The streaming answer of the ui bench (1,000 tokens with list items and code fences, batched per animation frame at
// 200 tokens/s) parsed as the chat window parses it: how much Markdown is parsed in all and in the worst frame when
// the whole answer is parsed each frame, and when only its growing last block is (markdown-blocks.ts). Characters
// parsed do not depend on the machine's load; the times (fastest of 15) do, a little.
import renderMarkdownElements from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { markdownBlocks } from '../src/renderer/src/features/chat/components/markdown/markdown-blocks';
import { printTable } from './support';

const STREAM_TOKENS = 1_000;
const TOKENS_PER_FRAME = 200 / 60;

const tokens = Array.from({ length: STREAM_TOKENS }, (_, index) => (index % 100 === 0 ? `\n\n- item w${index}` : index % 250 === 1 ? `\n\n\`\`\`ts\nconst w${index} = 1;\n\`\`\`\n\n` : ` w${index}`));

/** The answer as each frame shows it. */
function frames(): string[] {
  const shown: string[] = [];
  let text = '';
  let owed = 0;
  for (const token of tokens) {
    text += token;
    owed += 1;
    if (owed >= TOKENS_PER_FRAME) {
      shown.push(text);
      owed -= TOKENS_PER_FRAME;
    }
  }
  shown.push(text);
  return shown;
}

function fastest(run: () => void, times = 15): number {
  let best = Infinity;
  for (let index = 0; index < times; index += 1) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const parse = (text: string) => renderMarkdownElements({ children: text, remarkPlugins: [remarkGfm] });

const shown = frames();
const whole = shown.map((text) => text.length);
const lastBlocks = shown.map((text) => markdownBlocks(text).at(-1)!.length);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const finalText = shown.at(-1)!;
const finalLast = markdownBlocks(finalText).at(-1)!;
const split = fastest(() => markdownBlocks(finalText));

console.log(`${shown.length} frames; the answer ends at ${finalText.length} characters in ${markdownBlocks(finalText).length} blocks.\n`);
printTable([
  { figure: 'characters parsed over the stream', whole: `${Math.round(sum(whole) / 1000)}k`, 'by block': `${Math.round(sum(lastBlocks) / 1000)}k` },
  { figure: 'characters parsed in the worst frame', whole: `${Math.max(...whole)}`, 'by block': `${Math.max(...lastBlocks)}` },
  { figure: "the last frame's parse (ms, fastest of 15)", whole: fastest(() => parse(finalText)).toFixed(1), 'by block': (fastest(() => parse(finalLast)) + split).toFixed(1) },
]);
