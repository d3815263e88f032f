/**
 * Push latency: another client APPENDs to the INBOX, one message at a time after a random pause
 * of 200–800 ms, and two listeners wait for it at once: Tern's event stream (the message.new
 * read off GET /api/events as a browser's EventSource would) and the floor, a raw imapflow
 * connection idling on the same INBOX in a process of its own (bench/reference/raw-idle.ts)
 * seeing the EXISTS. Both timed from the APPEND being sent, on one wall clock.
 */
import { signIn } from '../bench-stack.ts';
import { EventStream } from '../event-stream.ts';
import { sleep } from '../measure.ts';
import { append, appendUntilPushed, startIdleFloor } from '../pushes.ts';
import { connectRaw } from '../reference/connect.ts';
import type { StackUser } from '../../scripts/stack/options.ts';
import { benchUsersOf, type Section } from './context.ts';
import { goals, stat, type Figure } from './figure.ts';

const warmUps = 3;
const timeoutMs = 5000;

export const measurePush: Section = async (context) => {
  const [user] = benchUsersOf(context, 1, 'push') as [StackUser];
  const tern = await context.startServer(4);
  const stream = new EventStream(tern.url, await signIn(tern.url, user));
  const floor = startIdleFloor(context.imap, user);
  const appender = await connectRaw(context.imap, user);
  try {
    await stream.opened;
    await appendUntilPushed(context.imap, stream, user);
    let count = await floor.ready;
    const ternMs: number[] = [];
    const floorMs: number[] = [];
    let missed = 0;
    for (let i = 0; i < warmUps + context.runs; i++) {
      await sleep(200 + Math.random() * 600);
      floor.check();
      const { uid, sent } = await append(appender, user);
      const expected = ++count;
      const [pushed, seen] = await Promise.all([
        stream.arrival(uid, timeoutMs),
        floor.exists.first((e) => e.count >= expected && e.at >= sent, timeoutMs),
      ]);
      if (seen) count = Math.max(count, seen.count);
      if (i < warmUps) continue;
      if (!pushed || !seen) missed++;
      else {
        ternMs.push(pushed.at - sent);
        floorMs.push(seen.at - sent);
      }
    }
    const figure: Figure = {
      section: 'API',
      name: 'push: APPEND by another client → event',
      unit: 'ms',
      tern: stat(ternMs),
      floor: stat(floorMs),
      floorName: 'raw IDLE sees EXISTS',
    };
    figure.goal = goals.floorPlus(25, figure.tern, figure.floor!);
    if (missed) figure.note = `${missed} of ${context.runs} not seen by both within 5 s`;
    return [figure];
  } catch (error) {
    console.error(`Tern's output:\n${tern.output()}`);
    throw error;
  } finally {
    await appender.logout().catch(() => appender.close());
    await floor.stop().catch(() => {});
    await stream.close();
    await tern.stop();
  }
};
