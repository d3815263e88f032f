import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchMessage } from '@/lib/client/api';

const fetchMock = vi.fn(() => Promise.resolve(Response.json({ uid: 7 })));

afterEach(() => {
  vi.unstubAllGlobals();
  fetchMock.mockClear();
});

describe('fetchMessage', () => {
  it('asks for remote content and whole bodies only when told to', async () => {
    vi.stubGlobal('fetch', fetchMock);
    const controller = new AbortController();
    await fetchMessage('Projects/Tern', 7, {}, controller.signal);
    await fetchMessage('Projects/Tern', 7, { remote: true }, controller.signal);
    await fetchMessage('Projects/Tern', 7, { remote: false });
    await fetchMessage('Projects/Tern', 7, { full: true });
    await fetchMessage('Projects/Tern', 7, { remote: true, full: true });
    const calls = fetchMock.mock.calls as unknown as Array<[string, RequestInit]>;
    expect(calls.map(([path]) => path)).toEqual([
      '/api/folders/Projects%2FTern/messages/7',
      '/api/folders/Projects%2FTern/messages/7?remote=1',
      '/api/folders/Projects%2FTern/messages/7',
      '/api/folders/Projects%2FTern/messages/7?full=1',
      '/api/folders/Projects%2FTern/messages/7?remote=1&full=1',
    ]);
    expect(calls[0]![1].signal).toBe(controller.signal);
    expect(calls[1]![1].signal).toBe(controller.signal);
    expect(calls[2]![1].signal).toBeUndefined();
  });
});
