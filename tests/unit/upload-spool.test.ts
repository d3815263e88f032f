/** The upload spool on a real temporary folder: limits, names, ids, the sweep and the sidecar. */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openUpload,
  removeUpload,
  safeContentType,
  safeFilename,
  saveUpload,
  sweepUploads,
  type SpoolOptions,
} from '@/lib/mail/compose/uploads';

const user = 'Alice@Tern.test';
let options: SpoolOptions;

beforeEach(() => {
  options = { dir: mkdtempSync(path.join(tmpdir(), 'tern-spool-')), maxBytes: 1024 * 1024 };
});

afterEach(async () => {
  await rm(options.dir, { recursive: true, force: true });
});

const userFolder = () =>
  path.join(options.dir, createHash('sha256').update(user.toLowerCase()).digest('hex'));

function bodyOf(content: string | Uint8Array): ReadableStream<Uint8Array> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** An endless body of 64 KB chunks made as they are read, counting what was read. */
function endlessBody(): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  const chunk = new Uint8Array(64 * 1024).fill(120);
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk.slice());
    },
  });
  return { body, pulled: () => pulled };
}

const save = (content: string | Uint8Array | ReadableStream<Uint8Array>, filename = 'a.txt') =>
  saveUpload(options, user, {
    filename,
    contentType: 'text/plain',
    body: content instanceof ReadableStream ? content : bodyOf(content),
  });

describe('the upload spool', () => {
  it('stores the bytes and a description, readable only by Tern', async () => {
    const file = await save('hello, spool', 'notes.txt');
    expect(file).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) as string,
      filename: 'notes.txt',
      contentType: 'text/plain',
      size: 12,
    });
    const opened = await openUpload(options, 'alice@tern.test', file.id);
    expect(opened?.file).toEqual(file);
    expect(await text(opened!.stream())).toBe('hello, spool');

    const folder = userFolder();
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(folder, file.id))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(folder, `${file.id}.json`))).mode & 0o777).toBe(0o600);
    const sidecar = JSON.parse(await readFile(path.join(folder, `${file.id}.json`), 'utf8')) as {
      created: string;
    };
    expect(sidecar).toEqual({
      filename: 'notes.txt',
      contentType: 'text/plain',
      size: 12,
      created: expect.any(String) as string,
    });
    expect(Date.now() - Date.parse(sidecar.created)).toBeLessThan(60_000);
  });

  it('cuts a file at the limit as it streams: 413, nothing left, the body read no further', async () => {
    options.maxBytes = 8 * 1024 * 1024;
    const { body, pulled } = endlessBody();
    const error = await save(body).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'payload_too_large', status: 413 });
    expect((error as Error).message).toMatch(/larger than 8 MB/);
    // Read up to the limit plus what the streams' small buffers hold: never the rest.
    expect(pulled()).toBeGreaterThan(options.maxBytes);
    expect(pulled()).toBeLessThan(options.maxBytes + 1024 * 1024);
    expect(await readdir(userFolder())).toEqual([]);
  });

  it('takes a file of exactly the limit', async () => {
    options.maxBytes = 1000;
    const file = await save(new Uint8Array(1000));
    expect(file.size).toBe(1000);
  });

  it('removes what arrived when the body stops coming (400)', async () => {
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(new Error('aborted'));
        else controller.enqueue(new Uint8Array(5000));
        sent = true;
      },
    });
    await expect(save(body)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await readdir(userFolder())).toEqual([]);
  });

  it.each([
    '../../etc/passwd',
    '..',
    'AAAAAAAAAAAAAAAAAAAAAA/../x',
    'AAAAAAAAAAAAAAAAAAAAA.json',
    'short',
    '',
    'A'.repeat(65),
  ])('opens nothing for the id %j', async (id) => {
    const file = await save('secret');
    // Plant a file where a traversal would land, in the spool folder above the user's.
    await writeFile(path.join(options.dir, 'x'), 'not yours');
    expect(await openUpload(options, user, id)).toBeUndefined();
    await removeUpload(options, user, id);
    expect(await openUpload(options, user, file.id)).toBeDefined();
  });

  it("keeps each user's files apart", async () => {
    const file = await save('alice only');
    expect(await openUpload(options, 'bob@tern.test', file.id)).toBeUndefined();
    await removeUpload(options, 'bob@tern.test', file.id);
    expect(await openUpload(options, user, file.id)).toBeDefined();
  });

  it('removes a file, and a missing one is no error', async () => {
    const file = await save('bye');
    await removeUpload(options, user, file.id);
    expect(await openUpload(options, user, file.id)).toBeUndefined();
    expect(await readdir(userFolder())).toEqual([]);
    await expect(removeUpload(options, user, file.id)).resolves.toBeUndefined();
  });

  it('offers no file whose description is missing, broken or does not match its bytes', async () => {
    const [a, b, c] = [await save('one'), await save('two'), await save('three')];
    const folder = userFolder();
    await rm(path.join(folder, `${a.id}.json`));
    await writeFile(path.join(folder, `${b.id}.json`), '{"filename":');
    await writeFile(path.join(folder, c.id), 'three, and then some');
    for (const { id } of [a, b, c]) expect(await openUpload(options, user, id)).toBeUndefined();
  });

  it('sweeps files older than a day, unfinished uploads included', async () => {
    const old = await save('old');
    const folder = userFolder();
    const dayAndAHourAgo = new Date(Date.now() - 25 * 60 * 60_000);
    for (const name of [old.id, `${old.id}.json`])
      await utimes(path.join(folder, name), dayAndAHourAgo, dayAndAHourAgo);
    const orphan = path.join(options.dir, 'f'.repeat(64), 'AAAAAAAAAAAAAAAAAAAAAA');
    await mkdir(path.dirname(orphan));
    await writeFile(orphan, 'an upload that never finished');
    await utimes(orphan, dayAndAHourAgo, dayAndAHourAgo);

    const fresh = await saveUpload({ ...options }, 'carol@tern.test', {
      filename: 'b.txt',
      contentType: 'text/plain',
      body: bodyOf('new'),
    });
    expect(fresh.size).toBe(3);
    // This process swept options.dir when the first file was saved; sweep again as an hour later would.
    expect(await sweepUploads(options.dir)).toBe(3);
    expect(await openUpload(options, user, old.id)).toBeUndefined();
    expect(await readdir(path.dirname(orphan))).toEqual([]);
    expect(await openUpload(options, 'carol@tern.test', fresh.id)).toBeDefined();
  });

  it('sweeps on the first save into a spool folder', async () => {
    const folder = userFolder();
    await mkdir(folder, { recursive: true });
    const stale = path.join(folder, 'BBBBBBBBBBBBBBBBBBBBBB');
    await writeFile(stale, 'left behind');
    const longAgo = new Date(Date.now() - 48 * 60 * 60_000);
    await utimes(stale, longAgo, longAgo);
    const file = await save('first');
    expect((await readdir(folder)).sort()).toEqual([file.id, `${file.id}.json`].sort());
  });
});

describe('file names', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['C:\\Users\\ann\\Desktop\\report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['line\r\nbreak\u0000.txt', 'linebreak.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['  Überweisung März 📎.pdf  ', 'Überweisung März 📎.pdf'],
    ['履歴書.docx', '履歴書.docx'],
    ['..', 'attachment'],
    ['dir/', 'attachment'],
    ['', 'attachment'],
  ])('%j becomes %j', (raw, safe) => {
    expect(safeFilename(raw)).toBe(safe);
  });

  it('keeps at most 255 characters, the extension and whole characters', () => {
    const long = safeFilename(`${'a'.repeat(300)}.pdf`);
    expect(long).toHaveLength(255);
    expect(long.endsWith('.pdf')).toBe(true);
    const emoji = safeFilename('📎'.repeat(200));
    expect(emoji.length).toBeLessThanOrEqual(255);
    expect(emoji).toBe('📎'.repeat(127));
  });
});

describe('content types', () => {
  it.each([
    ['image/png', 'image/png'],
    ['Application/PDF', 'application/pdf'],
    ['text/plain; charset=utf-8', 'text/plain'],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', null],
    ['', 'application/octet-stream'],
    ['text', 'application/octet-stream'],
    ['text/html\r\nX-Evil: 1', 'application/octet-stream'],
    ['image/svg+xml', 'image/svg+xml'],
    ['a/b/c', 'application/octet-stream'],
  ])('%j becomes %j', (raw, safe) => {
    expect(safeContentType(raw)).toBe(safe ?? raw);
  });
});
