// A server hint such as "start it with `ollama serve`": backticks become <code>, everything else stays text.
export function InlineCodeText({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/).map((piece, index) =>
        piece.startsWith('`') && piece.endsWith('`') && piece.length > 1 ? <code key={index}>{piece.slice(1, -1)}</code> : piece,
      )}
    </>
  );
}
