/**
 * API figures of signing in and of the message list, Tern's HTTP API against raw imapflow doing
 * the same IMAP work on one persistent connection (bench/reference/raw-ops.ts), alternately:
 * - login: POST /api/session to its answer, against a new IMAP connection (STARTTLS + LOGIN);
 * - folder list with counts: GET /api/folders, against one LIST-STATUS of every folder;
 * - windows of 50 rows in the 100,000-message folder at its newest end, middle and oldest end,
 *   newest first by arrival and by date, each window never fetched by that server before (cold:
 *   consecutive windows from that end, by date 10,000 further in, Tern and the floor taking
 *   turns), against one FETCH of the same rows (by sequence range; by date: by UID, the folder's
 *   SORT done once before by both);
 * - the same windows again (warm: Tern's row cache), against the HTTP floor (GET /api/session);
 * - the first window by date after another client changed the folder (Tern's sorted UIDs out of
 *   date), against UID SORT plus one UID FETCH of that window.
 */
import { signIn, signOut } from '../bench-stack.ts';
import { alternately, withServerAndFloor, timed, type SignedIn } from './api-client.ts';
import type { RawFloor } from '../reference/raw-ops.ts';
import type { Section } from './context.ts';
import { goals, stat, type Figure } from './figure.ts';
import { bigFolderName } from './stack.ts';

const total = 100_000;
const limit = 50;
type Order = 'arrival' | 'date';
const ends = ['newest end', 'middle', 'oldest end'] as const;

/**
 * The offset of run `run`'s window at `end`: Tern's even, the floor's odd, marching inwards.
 * Windows by date start 10,000 messages further in: the seeded folder's arrival order is its date
 * order, and rows Tern cached for the windows by arrival must not answer the ones by date.
 */
function offsetAt(order: Order, end: (typeof ends)[number], run: number, side: 0 | 1): number {
  const step = (2 * run + side) * limit + (order === 'date' ? 10_000 : 0);
  if (end === 'newest end') return step;
  if (end === 'middle') return total / 2 + step;
  return total - limit - step;
}

/** Where the warm-up reads: between the windows measured at the newest end and the middle. */
const warmUpOffset = 25_000;
const warmUpWindows = 60;
/** Where the first windows by date after a change are read: between the warm-up and the middle. */
const firstSortedOffset = 40_000;

/**
 * Measures a server that has run a while, not one just started: both Tern and the floor first
 * answer windows nobody measures (by arrival and by date, taking turns), so the code on both
 * sides is compiled and the figures are steady-state ones. The windows measured afterwards are
 * still ones that server never fetched.
 */
async function warmUp(server: SignedIn, floor: RawFloor, byDate: number[]): Promise<void> {
  for (let i = 0; i < warmUpWindows; i++) {
    const offset = warmUpOffset + 2 * i * limit;
    const order = i % 2 === 0 ? '' : '&sort=date&order=desc';
    const window = `/api/folders/${bigFolderName}/messages?offset=${offset}&limit=${limit}${order}`;
    // Twice: the first answer takes the cold path, the second the warm one.
    await server.get(window);
    await server.get(window);
    await server.httpFloor();
    if (i % 2 === 0) await floor.window(bigFolderName, total, offset + limit, limit);
    else await floor.rows(bigFolderName, byDate.slice(offset + limit, offset + 2 * limit));
  }
}

export const measureApiList: Section = async (context) => {
  const { runs, demo } = context;
  const figures: Figure[] = [];
  const api = (name: string, tern: number[], floorMs: number[], floorName: string) => {
    const t = stat(tern);
    const f = stat(floorMs);
    return { section: 'API' as const, name, unit: 'ms' as const, tern: t, floor: f, floorName };
  };
  return withServerAndFloor(context, 1, async (server, floor) => {
    const { tern } = server;
    // Warm up: the route code, the connection, Dovecot's caches of the folder and its date sort.
    await server.get('/api/folders');
    await server.get(`/api/folders/${bigFolderName}/messages?offset=0&limit=${limit}`);
    await server.get(
      `/api/folders/${bigFolderName}/messages?sort=date&order=desc&offset=0&limit=${limit}`,
    );
    const byDate = await floor.sortedByDate(bigFolderName);
    await floor.folderCounts();
    await warmUp(server, floor, byDate);

    const logins = await alternately(
      runs,
      async () => {
        const started = performance.now();
        const fresh = await signIn(tern.url, demo);
        const ms = performance.now() - started;
        await signOut(tern.url, fresh);
        return ms;
      },
      () => floor.login(),
    );
    const login = api('login', logins.tern, logins.floor, 'IMAP connect + LOGIN');
    figures.push({ ...login, goal: goals.timesFloor(1.5, login.tern, login.floor) });

    const counts = await alternately(
      runs,
      async () => (await server.get('/api/folders')).ms,
      () => timed(() => floor.folderCounts()),
    );
    const folders = api('folder list with counts', counts.tern, counts.floor, 'one LIST-STATUS');
    figures.push({ ...folders, goal: goals.timesFloor(1.5, folders.tern, folders.floor) });

    const query = (order: Order, offset: number) =>
      `/api/folders/${bigFolderName}/messages?offset=${offset}&limit=${limit}` +
      (order === 'date' ? '&sort=date&order=desc' : '');
    const floorWindow = (order: Order, offset: number) =>
      timed(() =>
        order === 'date'
          ? floor.rows(bigFolderName, byDate.slice(offset, offset + limit))
          : floor.window(bigFolderName, total, offset, limit),
      );
    const httpFloor: number[] = [];
    for (let run = 0; run < runs; run++) httpFloor.push(await server.httpFloor());
    for (const order of ['arrival', 'date'] as const) {
      for (const end of ends) {
        const cold = await alternately(
          runs,
          async (run) => (await server.get(query(order, offsetAt(order, end, run, 0)))).ms,
          (run) => floorWindow(order, offsetAt(order, end, run, 1)),
        );
        const name = `window of 50, ${end}, by ${order}`;
        const coldFigure = api(`${name} (cold)`, cold.tern, cold.floor, 'one FETCH');
        figures.push({
          ...coldFigure,
          goal: goals.timesFloor(1.5, coldFigure.tern, coldFigure.floor),
        });
        const warm: number[] = [];
        for (let run = 0; run < runs; run++)
          warm.push((await server.get(query(order, offsetAt(order, end, run, 0)))).ms);
        const warmFigure = api(`${name} (warm)`, warm, httpFloor, 'GET /api/session');
        figures.push({ ...warmFigure, goal: goals.below(3, 'ms', warmFigure.tern.median) });
      }
    }

    // The first window by date after the folder changed: the sorted UIDs are out of date, so
    // Tern sorts again (it is told to look for changes at once, as pull-to-refresh does). Both
    // sides read windows nobody read before, after the same change.
    const firstSorted = await alternately(
      runs,
      async (run) => {
        await floor.touch(bigFolderName);
        const offset = firstSortedOffset + 2 * run * limit;
        return (await server.get(`${query('date', offset)}&refresh=1`)).ms;
      },
      async (run) => {
        await floor.touch(bigFolderName);
        const offset = firstSortedOffset + (2 * run + 1) * limit;
        return timed(() => floor.sortedWindow(bigFolderName, offset, limit));
      },
    );
    const sorted = api(
      'first window by date after a change (cold)',
      firstSorted.tern,
      firstSorted.floor,
      'UID SORT + FETCH',
    );
    figures.push({ ...sorted, goal: goals.timesFloor(1.2, sorted.tern, sorted.floor) });
    return figures;
  });
};
