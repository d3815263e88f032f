/** Renders content as a simple HTML mail body. */
import type { Block, Content } from './content-model.ts';
import type { Voice } from './voice.ts';

const HTML_SPECIALS = /[&<>"]/;

function escapeHtml(text: string): string {
  if (!HTML_SPECIALS.test(text)) return text;
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function renderHtmlBlock(block: Block, cjk: boolean, out: string[]): void {
  switch (block.kind) {
    case 'para':
      out.push(`<p>${escapeHtml(block.sentences.join(cjk ? '' : ' '))}</p>`);
      break;
    case 'list':
      out.push('<ul>');
      for (const item of block.items) out.push(`<li>${escapeHtml(item)}</li>`);
      out.push('</ul>');
      break;
    case 'table':
      out.push(
        '<table border="1" cellpadding="6" cellspacing="0" style="border-collapse:collapse">',
      );
      out.push(
        `<tr>${block.head.map((cell) => `<th align="left">${escapeHtml(cell)}</th>`).join('')}</tr>`,
      );
      for (const row of block.rows)
        out.push(`<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`);
      out.push('</table>');
      break;
    case 'link':
      out.push(`<p><a href="${escapeHtml(block.href)}">${escapeHtml(block.label)}</a></p>`);
      break;
    case 'heading':
      out.push(`<h2 style="font-size:18px;margin:16px 0 4px">${escapeHtml(block.text)}</h2>`);
      break;
    case 'image':
      out.push(
        `<img src="${escapeHtml(block.src)}" alt="${escapeHtml(block.alt)}" width="${block.width}" height="${block.height}">`,
      );
      break;
  }
}

export function renderHtml(content: Content, voice: Voice, cjk: boolean): string[] {
  const out = [
    '<!DOCTYPE html>',
    '<html>',
    `<head><meta http-equiv="Content-Type" content="text/html; charset=${voice.charset}"></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
  ];
  if (content.greeting !== null) out.push(`<p>${escapeHtml(content.greeting)}</p>`);
  for (const block of content.blocks) renderHtmlBlock(block, cjk, out);
  if (content.closing.length > 0)
    out.push(`<p>${content.closing.map(escapeHtml).join('<br>')}</p>`);
  if (content.signature !== null) {
    out.push(
      `<div style="color:#777">-- <br>${content.signature.map(escapeHtml).join('<br>')}</div>`,
    );
  }
  if (content.quote !== null) {
    out.push(`<div>${escapeHtml(content.quote.attribution)}</div>`);
    out.push(
      '<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">',
    );
    for (const line of content.quote.lines) out.push(`${escapeHtml(line)}<br>`);
    out.push('</blockquote>');
  }
  out.push('</body>', '</html>');
  return out;
}
