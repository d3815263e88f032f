/**
 * The benchmark suite: every figure of Tern against its floor, in one run, on one mail stack
 * (.mailstack-suite, ports +22000, seeded once and kept), with production Tern servers.
 * Prints a table, writes .bench/latest.json, and with --readme puts the table in the README.
 *
 * Usage: node bench/run.ts [--runs 30] [--only api,browser] [--readme]
 *        (needs a production build and root; the first run seeds and indexes for ~15 minutes)
 */
import { parseArgs } from 'node:util';
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
  },
});
const chosen = values.only?.split(',') ?? Object.keys(sections);
const unknown = chosen.filter((name) => !(name in sections));
if (unknown.length) {
  console.error(`no section ${unknown.join(', ')}; sections: ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}

const stack = suiteStack();
const context = suiteContext(stack, Number(values.runs));
console.log(`== mail stack (${stack.dir})`);
await prepareSuiteStack(stack, context.log);
const figures: Figure[] = [];
try {
  for (const name of chosen) {
    console.log(`== ${name}`);
    const started = performance.now();
    figures.push(...(await sections[name]!(context)));
    context.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
} finally {
  await stopSuiteStack(stack);
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
