/** The suite's results: a table on the console, a JSON file under .bench/, the README's table. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../scripts/stack/options.ts';
import { ratio, type Figure, type Stat } from './figure.ts';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  dovecot: string;
  commit: string;
}

export interface SuiteResult {
  date: string;
  command: string;
  machine: Machine;
  figures: Figure[];
}

function commandOutput(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    dovecot: commandOutput('/usr/sbin/dovecot', ['--version']),
    commit: commandOutput('git', ['rev-parse', '--short', 'HEAD']),
  };
}

const digits = (value: number) => (value >= 100 ? 0 : value >= 10 ? 1 : 2);
const amount = (value: number) => value.toFixed(digits(value));
const withUnit = (value: number, unit: string) => `${amount(value)} ${unit}`;
const statText = (s: Stat | undefined, unit: string) =>
  s ? `${withUnit(s.median, unit)} (p95 ${amount(s.p95)})` : '';

interface Row {
  section: string;
  figure: string;
  tern: string;
  floor: string;
  ratio: string;
  goal: string;
}

function rows(figures: Figure[]): Row[] {
  return figures.map((f) => {
    const r = ratio(f);
    return {
      section: f.section,
      figure: f.name,
      tern: statText(f.tern, f.unit),
      floor: f.floor ? statText(f.floor, f.unit) + (f.floorName ? `, ${f.floorName}` : '') : '',
      ratio: r === undefined ? '' : `${r.toFixed(2)}×`,
      goal: f.goal ? `${f.goal.text} ${f.goal.met ? '✓' : '✗'}` : '',
    };
  });
}

const columns: Array<{ key: keyof Row; title: string }> = [
  { key: 'section', title: '' },
  { key: 'figure', title: 'figure' },
  { key: 'tern', title: 'Tern median (p95)' },
  { key: 'floor', title: 'floor median (p95)' },
  { key: 'ratio', title: 'Tern/floor' },
  { key: 'goal', title: 'goal' },
];

export function printTable(figures: Figure[]): void {
  const table = rows(figures);
  const width = (key: keyof Row, title: string) =>
    Math.max(title.length, ...table.map((row) => row[key].length));
  const widths = columns.map((c) => width(c.key, c.title));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(line(columns.map((c) => c.title)));
  for (const row of table) console.log(line(columns.map((c) => row[c.key])));
  for (const figure of figures.filter((f) => f.note))
    console.log(`  ${figure.name}: ${figure.note}`);
}

/** Writes .bench/suite-<date>.json and .bench/latest.json; answers the dated file's path. */
export function saveJson(result: SuiteResult): string {
  const dir = path.join(repoRoot, '.bench');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(result, null, 2) + '\n';
  const file = path.join(dir, `suite-${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(path.join(dir, 'latest.json'), json);
  return file;
}

const startMarker = '<!-- bench:start -->';
const endMarker = '<!-- bench:end -->';

export function markdownTable(result: SuiteResult): string {
  const m = result.machine;
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    `Measured ${result.date.slice(0, 10)} at ${m.commit} with \`${result.command}\` on ${m.cpu}, ` +
      `${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, Dovecot ${m.dovecot}.`,
    '',
    `| | ${columns
      .slice(1)
      .map((c) => c.title)
      .join(' | ')} |`,
    `|${columns.map(() => ' --- ').join('|')}|`,
    ...rows(result.figures).map(
      (row) => `| ${columns.map((c) => escape(row[c.key])).join(' | ')} |`,
    ),
  ];
  const notes = result.figures.filter((f) => f.note);
  if (notes.length) lines.push('', ...notes.map((f) => `- ${f.name}: ${f.note}`));
  return lines.join('\n');
}

/** Replaces what stands between the README's bench markers with this run's table. */
export function updateReadme(result: SuiteResult): void {
  const file = path.join(repoRoot, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`README.md has no ${startMarker} … ${endMarker}`);
  writeFileSync(
    file,
    readme.slice(0, start + startMarker.length) +
      '\n\n' +
      markdownTable(result) +
      '\n\n' +
      readme.slice(end),
  );
  // The lint tier checks the README's formatting: align the new table as Prettier would.
  execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'prettier'), ['--write', file]);
}
