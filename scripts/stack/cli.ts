/**
 * scripts/mailstack: up | down | status | seed, for the demo, the tests and the bench.
 * Usage is printed by `scripts/mailstack help`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultUsers, stackOptions, withPortOffset } from './options.ts';
import { queueIndexing, seed, seedDemo } from './seed.ts';
import { down, savedOptions, status, up } from './stack.ts';
import { StackError } from './system.ts';

const usage = `Usage: scripts/mailstack <command> [options]

Commands:
  up        install (when missing, as root), configure and start Dovecot + Postfix; harmless when running
  down      stop the processes this runtime folder started
  status    say what runs, and on which ports
  seed      fill a mailbox: --user EMAIL --count N [--folder NAME] [--seed N]
            or the demo mailbox: --demo [--big] (empty folders only; --big adds a 100,000-message folder 'Big');
            the demo's full-text index is then built in the background

Options:
  --dir DIR           runtime folder (default .mailstack in the checkout; env TERN_STACK_DIR)
  --port-offset N     add N to every default port (IMAP 10143, IMAPS 10993, LMTP 10024,
                      SMTP 10025, submission 10587; env TERN_STACK_PORT_OFFSET)

Environment:
  TERN_STACK_FTS=off  run Dovecot without full-text search (no dovecot-fts-xapian needed)
`;

const demoUser = defaultUsers[0]!;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string', default: process.env.TERN_STACK_DIR },
      'port-offset': { type: 'string', default: process.env.TERN_STACK_PORT_OFFSET ?? '0' },
      user: { type: 'string' },
      count: { type: 'string' },
      folder: { type: 'string', default: 'INBOX' },
      seed: { type: 'string', default: '1' },
      demo: { type: 'boolean', default: false },
      big: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  const dir = path.resolve(values.dir ?? stackOptions().dir);
  const offset = wholeNumber('--port-offset', values['port-offset']);

  switch (command) {
    case 'up':
      return up(stackOptions({ dir, ports: withPortOffset(offset) }));
    case 'down':
      return down(dir);
    case 'status':
      return printStatus(dir);
    case 'seed': {
      if (values.demo) {
        const options = savedOptions(dir);
        const user = values.user ?? demoUser.email;
        seedDemo(options, user, values.big);
        return queueIndexing(options, user);
      }
      if (!values.user) throw new StackError('seed needs --user EMAIL (or --demo)');
      if (values.count === undefined) throw new StackError('seed needs --count N');
      const count = wholeNumber('--count', values.count ?? '');
      seed(savedOptions(dir), {
        user: values.user,
        count,
        folder: values.folder,
        seed: wholeNumber('--seed', values.seed),
      });
      return;
    }
    case undefined:
    case 'help':
      console.log(usage);
      return;
    default:
      throw new StackError(`unknown command '${command}'\n\n${usage}`);
  }
}

function wholeNumber(flag: string, value: string): number {
  const n = Number(value);
  if (value === '' || !Number.isInteger(n) || n < 0)
    throw new StackError(`${flag} takes a whole number, not '${value}'`);
  return n;
}

function printStatus(dir: string): void {
  const s = status(dir);
  const state = (pid: number | undefined) => (pid ? `running (pid ${pid})` : 'stopped');
  console.log(`mail stack in ${s.dir}`);
  console.log(
    `  dovecot: ${state(s.dovecot)}${s.ports && s.dovecot ? `  IMAP ${s.ports.imap}, IMAPS ${s.ports.imaps}, LMTP ${s.ports.lmtp}` : ''}`,
  );
  console.log(
    `  postfix: ${state(s.postfix)}${s.ports && s.postfix ? `  SMTP ${s.ports.smtp}, submission ${s.ports.submission}` : ''}`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof StackError) {
    console.error(`mailstack: ${error.message}`);
  } else {
    console.error('mailstack: unexpected failure:', error);
  }
  process.exitCode = 1;
});
