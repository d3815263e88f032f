/** Renders content as wrapped plain text, with reply quoting. */
import type { Block, Content, Quote } from './content-model.ts';

/** Plain-text bodies wrap like a typical mail client. */
export const TEXT_WIDTH = 72;

function wrapText(text: string, width: number, prefix: string, out: string[]): void {
  let start = 0;
  while (text.length - start > width) {
    let at = text.lastIndexOf(' ', start + width);
    if (at <= start) {
      at = text.indexOf(' ', start + width);
      if (at < 0) break;
    }
    out.push(prefix + text.slice(start, at));
    start = at + 1;
  }
  out.push(prefix + text.slice(start));
}

function renderTextBlock(block: Block, cjk: boolean, lines: string[]): void {
  switch (block.kind) {
    case 'para':
      if (cjk) lines.push(...block.sentences);
      else wrapText(block.sentences.join(' '), TEXT_WIDTH, '', lines);
      break;
    case 'list':
      for (const item of block.items) wrapText(item, TEXT_WIDTH - 2, '- ', lines);
      break;
    case 'table': {
      const widths = block.head.map((cell, column) =>
        Math.max(cell.length, ...block.rows.map((row) => (row[column] ?? '').length)),
      );
      const row = (cells: readonly string[]): string =>
        cells
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd();
      lines.push(row(block.head), widths.map((width) => '-'.repeat(width)).join('  '));
      for (const cells of block.rows) lines.push(row(cells));
      break;
    }
    case 'link':
      lines.push(`${block.label}: ${block.href}`);
      break;
    case 'heading':
      lines.push(block.text, '-'.repeat(Math.min(block.text.length, TEXT_WIDTH)));
      break;
    case 'image':
      return; // no blank line either
  }
  lines.push('');
}

/** The author's own text, without any quote (threads quote this later). */
export function renderOwnText(content: Content, cjk: boolean): string[] {
  const lines: string[] = [];
  if (content.greeting !== null) lines.push(content.greeting, '');
  for (const block of content.blocks) renderTextBlock(block, cjk, lines);
  if (content.closing.length > 0) lines.push(...content.closing, '');
  if (content.signature !== null) lines.push('-- ', ...content.signature);
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function withQuote(own: readonly string[], quote: Quote | null): readonly string[] {
  if (quote === null) return own;
  const lines = [...own, '', quote.attribution];
  for (const line of quote.lines) lines.push(line === '' ? '>' : `> ${line}`);
  return lines;
}
