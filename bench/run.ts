/**
 * The benchmark suite: every figure of Tern against its floor, in one run, on one mail stack
 * (.mailstack-suite, ports +22000, seeded once and kept), with production Tern servers.
 * Prints a table, writes .bench/latest.json, and with --readme puts the table in the README.
 *
 * Usage: node bench/run.ts [--runs 30] [--only list,browser] [--readme] [--stack DIR]
 *        (needs a production build and root; the first run seeds and indexes for ~20 minutes).
 *        --stack uses a mail stack already running from DIR (scripts/mailstack) as it is, and
 *        leaves it running: the demo user's folders are seeded there if empty; the load section
 *        needs its 1,000 bench users.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { StackOptions } from '../scripts/stack/options.ts';
import { savedOptions } from '../scripts/stack/stack.ts';
import { suiteContext, suiteStack } from './suite/context.ts';
import type { Figure } from './suite/figure.ts';
import { describeMachine, printTable, saveJson, updateReadme } from './suite/report.ts';
import { sections } from './suite/sections.ts';
import { prepareSuiteStack, stopSuiteStack } from './suite/stack.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    only: { type: 'string' },
    readme: { type: 'boolean', default: false },
    stack: { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs takes a whole number of at least 1, not "${values.runs}"`);
  process.exit(2);
}
const chosen = values.only?.split(',') ?? Object.keys(sections);
const unknown = chosen.filter((name) => !(name in sections));
if (unknown.length) {
  console.error(`no section ${unknown.join(', ')}; sections: ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}

const given = values.stack !== undefined;
let stack: StackOptions;
try {
  stack = given ? savedOptions(path.resolve(values.stack!)) : suiteStack();
} catch (error) {
  console.error(`npm run bench: ${(error as Error).message}`);
  process.exit(2);
}
const context = suiteContext(stack, runs);
console.log(`== mail stack (${stack.dir})`);
await prepareSuiteStack(stack, given, context.log);
const figures: Figure[] = [];
try {
  for (const name of chosen) {
    console.log(`== ${name}`);
    const started = performance.now();
    figures.push(...(await sections[name]!(context)));
    context.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
} finally {
  if (!given) await stopSuiteStack(stack);
}

const result = {
  date: new Date().toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
  machine: describeMachine(),
  figures,
};
console.log('');
printTable(figures);
console.log(`\nsaved ${saveJson(result)}`);
if (values.readme) {
  updateReadme(result);
  console.log('README.md updated');
}
