// @ts-check
import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import tseslint from 'typescript-eslint';

/** Import boundaries from the architecture notes: one file per foreign library, no server code in the browser. */
const onlyClientImportsImapflow = {
  name: 'imapflow',
  message: 'Only lib/imap/client.ts talks to imapflow; use lib/imap or lib/mail instead.',
};
const onlyComposeImportsNodemailer = {
  name: 'nodemailer',
  message:
    'Only lib/mail/compose/smtp.ts and mime.ts know nodemailer; use lib/mail/compose instead.',
};
const neverNext = {
  group: ['next', 'next/*'],
  message: 'lib/imap, lib/mail, lib/mime and lib/proxy never import Next.',
};
const onlyParseImportsMailparser = {
  name: 'mailparser',
  message: 'Only lib/mime/parse.ts knows the MIME parser; use lib/mime instead.',
};

export default tseslint.config(
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      '.tools/**',
      '.mailstack*/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  ...nextCoreWebVitals,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            onlyClientImportsImapflow,
            onlyParseImportsMailparser,
            onlyComposeImportsNodemailer,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // Domain and protocol code runs in plain Node (tests, bench) too, so it never depends on Next.
    files: ['lib/imap/**', 'lib/mail/**', 'lib/mime/**', 'lib/proxy/**'],
    ignores: ['lib/mail/types.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            onlyClientImportsImapflow,
            onlyParseImportsMailparser,
            onlyComposeImportsNodemailer,
          ],
          patterns: [neverNext],
        },
      ],
    },
  },
  {
    // React pieces never reach server modules; the shared JSON types and browser helpers are the exception.
    files: ['components/**', 'lib/client/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            onlyClientImportsImapflow,
            onlyParseImportsMailparser,
            onlyComposeImportsNodemailer,
          ],
          patterns: [
            {
              regex: '^@/lib/(?!mail/types$|client/|shared/)',
              message:
                'Components only import lib/mail/types, lib/shared and lib/client; server code stays on the server.',
            },
          ],
        },
      ],
    },
  },
  // The two files that own a foreign library, after the rules above so they win.
  {
    files: ['lib/imap/client.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [onlyParseImportsMailparser, onlyComposeImportsNodemailer] },
      ],
    },
  },
  {
    files: ['lib/mime/parse.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [onlyClientImportsImapflow, onlyComposeImportsNodemailer] },
      ],
    },
  },
  {
    files: ['lib/mail/compose/smtp.ts', 'lib/mail/compose/mime.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [onlyClientImportsImapflow, onlyParseImportsMailparser], patterns: [neverNext] },
      ],
    },
  },
  {
    // Tests and benchmarks send their mail through Postfix with nodemailer, as any client would.
    files: ['tests/**', 'bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [onlyClientImportsImapflow, onlyParseImportsMailparser] },
      ],
    },
  },
  {
    // The benchmarks' reference is raw imapflow by definition: what Tern is measured against;
    // end-to-end tests APPEND their raw messages with it (Playwright cannot load lib/).
    files: ['bench/reference/**', 'tests/support/imap-append.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The mail stack scripts run under plain Node with type stripping, outside the app.
    files: ['scripts/**', 'tests/**', 'bench/**'],
    rules: { '@next/next/no-html-link-for-pages': 'off' },
  },
);
