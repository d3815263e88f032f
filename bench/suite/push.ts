/**
 * Push latency: another client APPENDs to the INBOX, one message at a time after a random pause
 * of 200–800 ms, and two listeners wait for it at once: Tern's event stream (the message.new
 * read off GET /api/events as a browser's EventSource would) and the floor, a raw imapflow
 * connection idling on the same INBOX in a process of its own (bench/reference/raw-idle.ts)
 * seeing the EXISTS. Both timed from the APPEND being sent, on one wall clock.
 */
import { signIn } from '../bench-stack.ts';
import { Arrivals, EventStream, type Stamped } from '../event-stream.ts';
import { sleep, startReference } from '../measure.ts';
import { append, appendUntilPushed } from '../pushes.ts';
import { connectRaw } from '../reference/connect.ts';
import type { RawIdleMessage } from '../reference/raw-idle.ts';
import type { StackUser } from '../../scripts/stack/options.ts';
import { benchUsersOf, type Section } from './context.ts';
import { goals, stat, type Figure } from './figure.ts';

const warmUps = 3;
const timeoutMs = 5000;

export const measurePush: Section = async (context) => {
  const [user] = benchUsersOf(context, 1, 'push') as [StackUser];
  const tern = await context.startServer(4);
  const stream = new EventStream(tern.url, await signIn(tern.url, user));
  const exists = new Arrivals<Stamped<{ count: number }>>();
  let floorReady: (count: number) => void = () => {};
  let floorFailed: Error | undefined;
  let failFloor: (error: Error) => void = () => {};
  const floorCount = new Promise<number>((resolve, reject) => {
    floorReady = resolve;
    failFloor = reject;
  });
  const floor = startReference<RawIdleMessage>(
    'raw-idle',
    { ...context.imap, user, folder: 'INBOX' },
    (line) => ('ready' in line ? floorReady(line.ready) : exists.add(line)),
    (error) => failFloor((floorFailed = error)),
  );
  const appender = await connectRaw(context.imap, user);
  try {
    await stream.opened;
    await appendUntilPushed(context.imap, stream, user);
    let count = await floorCount;
    const ternMs: number[] = [];
    const floorMs: number[] = [];
    let missed = 0;
    for (let i = 0; i < warmUps + context.runs; i++) {
      await sleep(200 + Math.random() * 600);
      if (floorFailed) throw floorFailed;
      const { uid, sent } = await append(appender, user);
      const expected = ++count;
      const [pushed, seen] = await Promise.all([
        stream.arrival(uid, timeoutMs),
        exists.first((e) => e.count >= expected && e.at >= sent, timeoutMs),
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
