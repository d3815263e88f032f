/** uploadRoute(): the checks a file's raw bytes pass before and while they are streamed to the spool. */
import { mkdtempSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, uploadRoute } from '@/lib/http';
import { saveUpload, uploadQuery } from '@/lib/mail/compose/uploads';
import { services } from '@/lib/services';

const origin = 'http://127.0.0.1:3000';
const noParams = { params: Promise.resolve({}) };
const limit = 4096;
const dir = mkdtempSync(path.join(tmpdir(), 'tern-upload-route-'));

const upload = uploadRoute(
  { query: uploadQuery, maxBytes: () => limit },
  async ({ query, upload, account }) => {
    const file = await saveUpload({ dir, maxBytes: upload.maxBytes }, account.email, {
      filename: query.filename,
      contentType: query.type,
      body: upload.body,
    });
    return json(file, { status: 201 });
  },
);

let cookie = '';

beforeAll(async () => {
  Object.assign(process.env, { TERN_SESSION_SECRET: 'unit-test-secret-long-enough-0123456789' });
  const { cookies } = services();
  cookie = (await cookies.issue(cookies.create('a@tern.test', 'pw', false))).split(';')[0]!;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A body that counts how much of it was read. */
function countedBody(size: number): { body: ReadableStream<Uint8Array>; read: () => number } {
  let read = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = Math.min(1024, size - read);
        if (chunk <= 0) return controller.close();
        read += chunk;
        controller.enqueue(new Uint8Array(chunk).fill(97));
      },
    },
    // Nothing is pulled until someone reads.
    { highWaterMark: 0 },
  );
  return { body, read: () => read };
}

function post(
  body: ReadableStream<Uint8Array>,
  headers: Record<string, string | undefined>,
): Request {
  const defined = Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined);
  return new Request(`${origin}/api/compose/attachments?filename=a.txt&type=text/plain`, {
    method: 'POST',
    body,
    headers: Object.fromEntries(defined),
    duplex: 'half',
  } as RequestInit);
}

const sameOrigin = (length: number) => ({
  cookie,
  origin,
  'sec-fetch-site': 'same-origin',
  'content-type': 'application/octet-stream',
  'content-length': String(length),
});

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('uploadRoute()', () => {
  it('streams a same-origin upload to the handler', async () => {
    const { body } = countedBody(3000);
    const response = await upload(post(body, sameOrigin(3000)), noParams);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      filename: 'a.txt',
      contentType: 'text/plain',
      size: 3000,
    });
  });

  it.each([
    ['JSON', 'application/json'],
    ['a form post', 'multipart/form-data; boundary=x'],
    ['text', 'text/plain'],
    ['no type', undefined],
  ])('answers 415 for %s, reading nothing', async (_name, type) => {
    const { body, read } = countedBody(100);
    const response = await upload(
      post(body, { ...sameOrigin(100), 'content-type': type }),
      noParams,
    );
    expect(response.status).toBe(415);
    expect(read()).toBe(0);
  });

  it.each([
    ['another origin', { origin: 'https://evil.example' }],
    ['a cross-site fetch', { origin: undefined, 'sec-fetch-site': 'cross-site' }],
    ['a same-site sibling', { origin: undefined, 'sec-fetch-site': 'same-site' }],
    ['no origin information at all', { origin: undefined, 'sec-fetch-site': undefined }],
  ])('refuses %s before reading anything', async (_name, headers) => {
    const { body, read } = countedBody(100);
    const response = await upload(post(body, { ...sameOrigin(100), ...headers }), noParams);
    expect(response.status).toBe(403);
    expect(read()).toBe(0);
  });

  it('answers 401 without a session, reading nothing', async () => {
    const { body, read } = countedBody(100);
    const response = await upload(post(body, { ...sameOrigin(100), cookie: undefined }), noParams);
    expect(response.status).toBe(401);
    expect(read()).toBe(0);
  });

  it('answers 400 when the body does not say its length', async () => {
    const { body, read } = countedBody(100);
    const response = await upload(
      post(body, { ...sameOrigin(100), 'content-length': undefined }),
      noParams,
    );
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/Content-Length/);
    expect(read()).toBe(0);
  });

  it('answers 413 for a declared length over the limit, before reading the body', async () => {
    const { body, read } = countedBody(limit + 1);
    const response = await upload(post(body, sameOrigin(limit + 1)), noParams);
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toEqual({
      code: 'payload_too_large',
      message: expect.stringMatching(/^The file is larger than 4 KB/) as string,
    });
    expect(read()).toBe(0);
  });

  it('answers 413 for a body longer than it said, and keeps none of it', async () => {
    const { body, read } = countedBody(limit * 4);
    const response = await upload(post(body, sameOrigin(10)), noParams);
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('payload_too_large');
    expect(read()).toBeLessThan(limit * 4);
    const folders = await readdir(dir);
    const files = await Promise.all(folders.map((f) => readdir(path.join(dir, f))));
    // Only the file of the first test is left.
    expect(files.flat()).toHaveLength(2);
  });
});
