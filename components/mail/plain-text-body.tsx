import type { ReactNode } from 'react';

const link = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'}]/gi;

/** Text with its web addresses as links; everything reaches the page as React text. */
function linkified(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(link)) {
    out.push(text.slice(last, match.index));
    out.push(
      <a
        key={match.index}
        href={match[0]}
        target="_blank"
        rel="noopener noreferrer"
        className="text-accent underline"
      >
        {match[0]}
      </a>,
    );
    last = match.index + match[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** Runs of quoted lines ("> …") fold away, as in other mail programs; the rest shows as written. */
function blocks(text: string): Array<{ quoted: boolean; text: string }> {
  const result: Array<{ quoted: boolean; text: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    const quoted = /^\s*>/.test(line);
    const current = result.at(-1);
    if (current && current.quoted === quoted) current.text += `\n${line}`;
    else result.push({ quoted, text: line });
  }
  return result;
}

export function PlainTextBody({ text }: { text: string }) {
  return (
    <div className="font-mono text-sm leading-relaxed break-words whitespace-pre-wrap">
      {blocks(text).map((block, i) =>
        block.quoted ? (
          <details key={i} className="my-1">
            <summary className="cursor-pointer text-xs text-muted select-none">
              Show quoted text
            </summary>
            <div className="border-l-2 border-line pl-3 text-muted">{linkified(block.text)}</div>
          </details>
        ) : (
          <div key={i}>{linkified(block.text)}</div>
        ),
      )}
    </div>
  );
}
