import { describe, expect, it } from 'vitest';
import { EventLog } from '@/lib/mail/live/event-log';
import type { MailEvent } from '@/lib/mail/types';
import { sseFrame } from '@/lib/sse';

const reset = (path: string): MailEvent => ({ type: 'folder.reset', path });

describe('the event log a reconnecting tab is answered from', () => {
  it('answers exactly the events after the last one seen', () => {
    const log = new EventLog(10);
    const ids = ['A', 'B', 'C'].map((path) => log.append(reset(path)).id);
    expect(log.since(ids[0]!)!.map((e) => e.event)).toEqual([reset('B'), reset('C')]);
    expect(log.since(ids[2]!)).toEqual([]);
    expect(log.since(log.latest())).toEqual([]);
  });

  it('cannot answer for another epoch, a future id, or events already dropped', () => {
    const log = new EventLog(3);
    const first = log.append(reset('A')).id;
    for (const path of ['B', 'C', 'D', 'E']) log.append(reset(path));
    expect(log.since(first)).toBeUndefined();
    expect(log.since(`${log.epoch}.99`)).toBeUndefined();
    expect(log.since('another.1')).toBeUndefined();
    expect(log.since('garbage')).toBeUndefined();
    // The oldest kept event's predecessor is still answerable: nothing in between was lost.
    expect(log.since(`${log.epoch}.2`)!.map((e) => e.event)).toEqual([
      reset('C'),
      reset('D'),
      reset('E'),
    ]);
  });
});

describe('server-sent event frames', () => {
  it('keep a subject with line breaks and colons inside one data line', () => {
    const frame = sseFrame('e.1', 'message.new', { subject: 'a\n\nevent: fake\r\ndata: x' });
    expect(frame.split('\n\n')).toHaveLength(2);
    expect(frame).toBe(
      'id: e.1\nevent: message.new\ndata: {"subject":"a\\n\\nevent: fake\\r\\ndata: x"}\n\n',
    );
  });
});
