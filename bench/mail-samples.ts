/**
 * The messages bench/message-read.ts reads, built deterministically (the same bytes every run):
 * a newsletter of about 50 KB (multipart/alternative, quoted-printable HTML built from tables with
 * inline styles, many links, a few remote images, a plain-text alternative) and a short message
 * carrying a 5 MB attachment.
 */

/** A small seeded generator (mulberry32), so the newsletter's words never change between runs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = (
  'the a of and to in for on with at by from about release update team product customers ' +
  'week quarter growth design research build deploy open source community event launch ' +
  'feature improve faster simpler safer data privacy mail server browser reading inbox ' +
  'support guide story partner market price offer members early access today tomorrow ' +
  'new better every more less than our your their this that we you they how why what'
).split(' ');

function sentence(next: () => number, length: number): string {
  const picked = Array.from({ length }, () => words[Math.floor(next() * words.length)]!);
  const text = picked.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function paragraph(next: () => number, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(next, 8 + Math.floor(next() * 10))).join(
    ' ',
  );
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Quoted-printable (RFC 2045), lines of at most 76 characters, as mailing-list software writes. */
export function quotedPrintable(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    let encoded = '';
    for (const byte of Buffer.from(line, 'utf8')) {
      encoded +=
        (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    if (encoded.endsWith(' ')) encoded = encoded.slice(0, -1) + '=20';
    while (encoded.length > 76) {
      let cut = 75;
      // Never split an =XX escape.
      const escapeAt = encoded.lastIndexOf('=', cut);
      if (escapeAt > cut - 3) cut = escapeAt;
      lines.push(encoded.slice(0, cut) + '=');
      encoded = encoded.slice(cut);
    }
    lines.push(encoded);
  }
  return lines.join('\r\n');
}

const base64Lines = (bytes: Buffer) =>
  bytes.toString('base64').replace(/.{76}/g, '$&\r\n').trimEnd();

/** The newsletter's HTML and its plain-text alternative. */
export function newsletterBodies(): { html: string; text: string } {
  const next = random(20260305);
  const cell = 'font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:22px;';
  const articles: string[] = [];
  const texts: string[] = [];
  for (let i = 1; i <= 18; i++) {
    const title = sentence(next, 5 + Math.floor(next() * 4)).slice(0, -1);
    const body = paragraph(next, 4);
    const more = paragraph(next, 2);
    const link = `https://news.example.com/2026/03/story-${i}?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=march`;
    // A remote picture for a few stories; the rest are text.
    const picture =
      i % 6 === 1
        ? `<tr><td style="padding:0 0 12px 0;"><a href="${link}" target="_blank"><img src="https://cdn.example.com/img/story-${i}.jpg" width="560" height="280" alt="${escape(title)}" style="display:block;width:100%;max-width:560px;height:auto;border:0;border-radius:6px;"></a></td></tr>`
        : '';
    articles.push(
      `<tr><td style="padding:24px 32px;border-bottom:1px solid #e6e8eb;background-color:${i % 2 ? '#ffffff' : '#fafbfc'};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">
${picture}<tr><td style="${cell}padding:0 0 6px 0;color:#6b7280;font-size:12px;text-transform:uppercase;letter-spacing:1px;">Story ${i} &middot; ${3 + (i % 7)} min read</td></tr>
<tr><td style="${cell}padding:0 0 8px 0;"><a href="${link}" target="_blank" style="color:#111827;text-decoration:none;font-size:20px;font-weight:bold;line-height:26px;">${escape(title)}</a></td></tr>
<tr><td style="${cell}color:#374151;padding:0 0 10px 0;">${escape(body)} <strong>${escape(sentence(next, 6))}</strong> ${escape(more)}</td></tr>
<tr><td style="${cell}padding:4px 0 0 0;"><table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="background-color:#2563eb;border-radius:4px;"><a href="${link}" target="_blank" style="display:inline-block;padding:8px 16px;color:#ffffff;font-weight:bold;text-decoration:none;font-size:14px;">Read more &rarr;</a></td></tr></table></td></tr>
</table></td></tr>`,
    );
    texts.push(`${title}\n${body}\nRead more: ${link.replace(/&amp;/g, '&')}\n`);
  }
  const social = ['mastodon', 'github', 'rss', 'linkedin']
    .map(
      (site) =>
        `<a href="https://${site}.example.com/tern" target="_blank" style="color:#6b7280;text-decoration:underline;margin:0 6px;">${site}</a>`,
    )
    .join(' | ');
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>The March letter</title>
<style>body{margin:0;padding:0}table{border-collapse:collapse}@media (max-width:600px){.wrap{width:100%!important}}</style>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="display:none;max-height:0;overflow:hidden;">${escape(sentence(next, 14))}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 8px;">
<table role="presentation" class="wrap" width="624" cellpadding="0" cellspacing="0" border="0" style="width:624px;max-width:624px;background-color:#ffffff;border:1px solid #e5e7eb;border-radius:8px;">
<tr><td style="padding:20px 32px;background-color:#0f172a;border-radius:8px 8px 0 0;"><a href="https://news.example.com/" target="_blank"><img src="https://cdn.example.com/img/logo.png" width="140" height="36" alt="Example News" style="display:block;border:0;"></a></td></tr>
<tr><td style="${cell}padding:28px 32px 8px 32px;color:#111827;"><h1 style="margin:0 0 12px 0;font-size:28px;line-height:34px;">The March letter</h1><p style="margin:0;color:#374151;">${escape(paragraph(next, 3))}</p></td></tr>
${articles.join('\n')}
<tr><td style="${cell}padding:24px 32px;color:#6b7280;font-size:12px;line-height:18px;text-align:center;">${social}<br><br>You receive this because you subscribed at news.example.com. <a href="https://news.example.com/preferences?id=8f3a2c" target="_blank" style="color:#6b7280;">Preferences</a> &middot; <a href="https://news.example.com/unsubscribe?id=8f3a2c" target="_blank" style="color:#6b7280;">Unsubscribe</a><br>Example News, 1 Harbour Street, Example City</td></tr>
</table>
<img src="https://track.example.com/open.gif?id=8f3a2c" width="1" height="1" alt="" style="display:block;border:0;">
</td></tr></table>
</body></html>
`;
  return {
    html,
    text: `The March letter\n\n${texts.join('\n')}\nUnsubscribe: https://news.example.com/unsubscribe?id=8f3a2c\n`,
  };
}

/** One copy of the newsletter; copies differ only in their Message-ID and subject number. */
export function newsletter(copy: number, to: string): Buffer {
  const { html, text } = newsletterBodies();
  return Buffer.from(
    [
      'From: "Example News" <letters@news.example.com>',
      `To: ${to}`,
      `Subject: The March letter (#${copy})`,
      'Date: Thu, 05 Mar 2026 08:00:00 +0000',
      `Message-ID: <march-${copy}@news.example.com>`,
      'List-Unsubscribe: <https://news.example.com/unsubscribe?id=8f3a2c>, <mailto:leave@news.example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="alt-8f3a2c"',
      '',
      '--alt-8f3a2c',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      quotedPrintable(text),
      '--alt-8f3a2c',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      quotedPrintable(html),
      '--alt-8f3a2c--',
      '',
    ].join('\r\n'),
  );
}

/** A short note with one attachment of `attachment`'s bytes (base64); the attachment is part 2. */
export function withAttachment(copy: number, to: string, attachment: Buffer): Buffer {
  return Buffer.from(
    [
      'From: "Bob Sender" <bob@tern.test>',
      `To: ${to}`,
      `Subject: The data set (#${copy})`,
      'Date: Thu, 05 Mar 2026 09:00:00 +0000',
      `Message-ID: <dataset-${copy}@tern.test>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="mix-5mb"',
      '',
      '--mix-5mb',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Here is the data set we talked about.',
      '--mix-5mb',
      'Content-Type: application/octet-stream; name="dataset.bin"',
      'Content-Disposition: attachment; filename="dataset.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(attachment),
      '--mix-5mb--',
      '',
    ].join('\r\n'),
  );
}

/** Deterministic incompressible bytes for the attachment. */
export function attachmentBytes(size: number): Buffer {
  const next = random(5_242_880);
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) bytes.writeUInt32LE(Math.floor(next() * 4294967296), i);
  return bytes;
}
