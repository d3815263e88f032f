/**
 * The browser's live-update hub, with two "tabs" in one process (two instances of the module):
 * one stream for both, events relayed, the leader's place taken over where it stopped.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resyncs, type LiveEvent } from '@/lib/client/live/events';
import { sameFolderVersion } from '@/lib/client/use-message-windows';
import type * as liveHub from '@/lib/client/live/live-hub';
import type { MailEvent } from '@/lib/mail/types';

class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static made: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    super();
    this.url = url;
    FakeEventSource.made.push(this);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }
  emit(event: MailEvent, id: string) {
    this.dispatchEvent(
      new MessageEvent(event.type, { data: JSON.stringify(event), lastEventId: id }),
    );
  }
}

/** A tab: its own copy of the hub module, listening with the folder it shows. */
async function openTab(folder: string) {
  vi.resetModules();
  const hub: typeof liveHub = await import('@/lib/client/live/live-hub');
  const heard: LiveEvent[] = [];
  const stop = hub.subscribeMailEvents(folder, (event) => heard.push(event));
  return { heard, stop };
}

const summary = {
  uid: 7,
  subject: 'hello',
  from: [],
  to: [],
  date: '2026-01-01T00:00:00.000Z',
  flags: [],
  size: 1,
  hasAttachments: false,
};

beforeAll(() => {
  vi.stubGlobal('window', new EventTarget());
  vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'hidden' }));
  vi.stubGlobal('EventSource', FakeEventSource);
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
});

afterAll(() => {
  vi.unstubAllGlobals();
});

describe('one event stream shared by the tabs', () => {
  it('relays the leader’s events, resyncs an unwatched folder on its counts, and hands over', async () => {
    const first = await openTab('INBOX');
    await vi.waitFor(() => expect(FakeEventSource.made).toHaveLength(1));
    const second = await openTab('Archive');
    const stream = FakeEventSource.made[0]!;
    expect(stream.url).toBe('/api/events?folder=INBOX');

    stream.open();
    const arrived: MailEvent = { type: 'message.new', folder: 'INBOX', summary };
    stream.emit(arrived, 'e.1');
    const counts: MailEvent = { type: 'folder.counts', path: 'Archive', total: 3, unseen: 1 };
    stream.emit(counts, 'e.2');

    // A first stream: every list loads again but the watched folders' (the server says of those).
    const fresh = { type: 'resync', except: ['INBOX'] };
    expect(first.heard).toEqual([fresh, arrived, counts]);
    await vi.waitFor(() =>
      expect(second.heard).toEqual([
        fresh,
        arrived,
        counts,
        // Archive is not the stream's folder: its counts are its only news.
        { type: 'resync', path: 'Archive' },
      ]),
    );
    expect(FakeEventSource.made).toHaveLength(1);

    // The leader's tab closes: the other takes the stream over, from the last event seen.
    first.stop();
    await vi.waitFor(() => expect(FakeEventSource.made).toHaveLength(2), { timeout: 3000 });
    expect(stream.readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.made[1]!.url).toBe('/api/events?folder=Archive&lastEventId=e.2');
    FakeEventSource.made[1]!.open();
    // Resumed: the server replays; only the newly watched folder is fetched again.
    expect(second.heard.at(-1)).toEqual({ type: 'resync', path: 'Archive' });

    second.stop();
    await vi.waitFor(
      () => expect(FakeEventSource.made[1]!.readyState).toBe(FakeEventSource.CLOSED),
      {
        timeout: 3000,
      },
    );
  });
});

describe('resyncs', () => {
  it('concerns the folder named, or every folder but those excepted', () => {
    expect(resyncs({ path: 'Archive' }, 'Archive')).toBe(true);
    expect(resyncs({ path: 'Archive' }, 'INBOX')).toBe(false);
    expect(resyncs({}, 'INBOX')).toBe(true);
    expect(resyncs({ except: ['INBOX', 'Work'] }, 'Work')).toBe(false);
    expect(resyncs({ except: ['INBOX', 'Work'] }, 'Archive')).toBe(true);
  });
});

describe('sameFolderVersion', () => {
  it('trusts only an equal version that counts flag changes', () => {
    expect(sameFolderVersion('10:11:99', '10:11:99')).toBe(true);
    expect(sameFolderVersion('10:11:99', '10:11:100')).toBe(false);
    expect(sameFolderVersion('10:11:none', '10:11:none')).toBe(false);
    expect(sameFolderVersion('10:11:99', null)).toBe(false);
    expect(sameFolderVersion(undefined, '10:11:99')).toBe(false);
  });
});
