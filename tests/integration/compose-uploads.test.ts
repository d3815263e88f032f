/**
 * POST /api/compose/attachments and DELETE /api/compose/attachments/{id} in-process, signed in
 * against Dovecot as the browser would be: the bytes reach the spool whole, and stay the user's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as uploadRoutes from '@/app/api/compose/attachments/route';
import type * as uploadIdRoutes from '@/app/api/compose/attachments/[id]/route';
import { openUpload, spoolOptions, type SpoolOptions } from '@/lib/mail/compose/uploads';
import type { UploadedFile } from '@/lib/mail/types';
import { alice, bob } from '../support/test-stack.ts';
import { closeServices, origin, services, signInCookie } from './api-session.ts';

const uploadDir = mkdtempSync(path.join(tmpdir(), 'tern-uploads-test-'));
let uploads: typeof uploadRoutes;
let uploadById: typeof uploadIdRoutes;
let spool: SpoolOptions;
let aliceCookie = '';
let bobCookie = '';

beforeAll(async () => {
  process.env.TERN_UPLOAD_DIR = uploadDir;
  uploads = await import('@/app/api/compose/attachments/route');
  uploadById = await import('@/app/api/compose/attachments/[id]/route');
  aliceCookie = await signInCookie(alice, '192.0.2.71');
  bobCookie = await signInCookie(bob, '192.0.2.72');
  spool = spoolOptions(services().config.compose);
});

afterAll(async () => {
  await closeServices();
  delete process.env.TERN_UPLOAD_DIR;
  await rm(uploadDir, { recursive: true, force: true });
});

/** The bytes as a browser streams them: in chunks, as they are read. */
function streamOf(bytes: Buffer, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + chunk)));
        offset += chunk;
      },
    },
    { highWaterMark: 0 },
  );
}

function post(
  cookie: string,
  bytes: Buffer,
  query: string,
  length = bytes.length,
): Promise<Response> {
  return uploads.POST(
    new Request(`${origin}/api/compose/attachments?${query}`, {
      method: 'POST',
      headers: {
        cookie,
        origin,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/octet-stream',
        'content-length': String(length),
      },
      body: streamOf(bytes),
      duplex: 'half',
    } as RequestInit),
    { params: Promise.resolve({}) },
  );
}

function remove(cookie: string, id: string): Promise<Response> {
  return uploadById.DELETE(
    new Request(`${origin}/api/compose/attachments/${id}`, {
      method: 'DELETE',
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: '{}',
    }),
    { params: Promise.resolve({ id }) },
  );
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function sha256Of(stream: NodeJS.ReadableStream): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('attachment uploads', () => {
  it('streams a 10 MB file to the spool, byte for byte', async () => {
    const bytes = randomBytes(10 * 1024 * 1024);
    const name = encodeURIComponent('Quartalsbericht März.pdf');
    const response = await post(aliceCookie, bytes, `filename=${name}&type=application/pdf`);
    expect(response.status, await response.clone().text()).toBe(201);
    const file = (await response.json()) as UploadedFile;
    expect(file).toMatchObject({
      filename: 'Quartalsbericht März.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
    });

    const opened = await openUpload(spool, alice.email, file.id);
    expect(opened?.file).toEqual(file);
    expect(await sha256Of(opened!.stream())).toBe(sha256(bytes));
  });

  it('keeps a safe name and type whatever the browser sent', async () => {
    const response = await post(
      aliceCookie,
      Buffer.from('x'),
      `filename=${encodeURIComponent('..\\..\\evil\r\n.txt')}&type=${encodeURIComponent('text/html\r\nX: 1')}`,
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      filename: 'evil.txt',
      contentType: 'application/octet-stream',
    });
  });

  it('refuses a file over the limit before reading it', async () => {
    const response = await post(
      aliceCookie,
      Buffer.alloc(10),
      'filename=big.bin',
      spool.maxBytes + 1,
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: {
        code: 'payload_too_large',
        message: expect.stringMatching(/larger than 25 MB/) as string,
      },
    });
  });

  it('removes a file for its owner only: another user cannot open or remove it', async () => {
    const response = await post(aliceCookie, Buffer.from('alice only'), 'filename=a.txt');
    const file = (await response.json()) as UploadedFile;

    expect(await openUpload(spool, bob.email, file.id)).toBeUndefined();
    expect((await remove(bobCookie, file.id)).status).toBe(204);
    expect(await openUpload(spool, alice.email, file.id)).toBeDefined();

    const removed = await remove(aliceCookie, file.id);
    expect(removed.status).toBe(204);
    expect(await openUpload(spool, alice.email, file.id)).toBeUndefined();
    // Removing it again is no error.
    expect((await remove(aliceCookie, file.id)).status).toBe(204);
  });

  it('answers 400 for an id Tern never gives out', async () => {
    const response = await remove(aliceCookie, '..%2F..%2Fetc');
    expect(response.status).toBe(400);
  });

  it('answers 401 without a session', async () => {
    const response = await post('tern-session=nothing', Buffer.from('x'), 'filename=a.txt');
    expect(response.status).toBe(401);
  });
});
