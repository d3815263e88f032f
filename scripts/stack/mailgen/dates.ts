/** The five-year spread of message times, time zones and RFC 5322 dates. */
import type { Rng } from './random.ts';
import { weighted } from './random.ts';

export const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_END_MS = Date.UTC(2026, 10, 1, 12, 0, 0);
export const SPAN_MS = Math.round(5 * 365.2425 * DAY_MS);

/** Offsets in minutes east of UTC; each sender keeps one. */
export const TIME_ZONES = weighted([
  [0, 10],
  [60, 18],
  [120, 10],
  [-300, 16],
  [-240, 8],
  [-420, 5],
  [-480, 9],
  [330, 6],
  [480, 6],
  [540, 6],
  [600, 3],
  [-180, 3],
] as const);

/** Relative activity by hour of the owner's day, so mail clusters in working hours. */
const HOUR_WEIGHT = [
  0.08, 0.05, 0.04, 0.04, 0.05, 0.1, 0.25, 0.55, 0.85, 1, 1, 0.95, 0.8, 0.9, 1, 1, 0.95, 0.85, 0.65,
  0.5, 0.45, 0.4, 0.3, 0.15,
] as const;

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** RFC 5322 date-time in the given zone; it denotes exactly the instant `ms`. */
export function formatDate(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * MINUTE_MS);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const zone = `${sign}${pad2(Math.floor(absolute / 60))}${pad2(absolute % 60)}`;
  return (
    `${DAY_NAMES[local.getUTCDay()] ?? 'Mon'}, ${local.getUTCDate()} ${MONTH_NAMES[local.getUTCMonth()] ?? 'Jan'} ` +
    `${local.getUTCFullYear()} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:` +
    `${pad2(local.getUTCSeconds())} ${zone}`
  );
}

/**
 * Ascending whole-second instants over the five years before `endMs`, denser
 * in the owner's working hours, on weekdays, and in recent years.
 */
export function buildSchedule(
  count: number,
  endMs: number,
  ownerZone: number,
  rng: Rng,
): Float64Array {
  const startMs = endMs - SPAN_MS;
  const times = new Float64Array(count);
  let filled = 0;
  while (filled < count) {
    const t = startMs + rng() * SPAN_MS;
    const local = t + ownerZone * MINUTE_MS;
    const hour = Math.floor(local / HOUR_MS) % 24;
    const weekday = (Math.floor(local / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday
    const weekend = weekday === 0 || weekday === 6;
    const growth = 0.55 + (0.45 * (t - startMs)) / SPAN_MS;
    if (rng() < (HOUR_WEIGHT[hour] ?? 1) * (weekend ? 0.4 : 1) * growth) times[filled++] = t;
  }
  times.sort();
  let previous = -Infinity;
  for (let i = 0; i < count; i++) {
    const whole = Math.floor((times[i] ?? 0) / SECOND_MS) * SECOND_MS;
    // Strictly increasing, so date order is unambiguous.
    const t = whole > previous ? whole : previous + SECOND_MS;
    times[i] = t;
    previous = t;
  }
  return times;
}
