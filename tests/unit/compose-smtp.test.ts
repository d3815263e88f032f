/**
 * What a failed submission means: nodemailer's error shapes (smtp-connection _formatError) by how
 * far the submission had got. Above all: a connection lost after the whole message was handed
 * over, with no reply, is "unknown", and before that it is "not sent".
 */
import { describe, expect, it } from 'vitest';
import { classifySmtpFailure, type SmtpPhase } from '@/lib/mail/compose/smtp';
import { envelopeRecipients } from '@/lib/mail/compose/send';

const endpoint = { host: 'smtp.example.org', port: 587, tls: 'starttls' as const };
const error = (fields: Record<string, unknown> & { message?: string }) =>
  Object.assign(new Error(fields.message ?? 'failed'), fields);
/** The reason a classification gives, for matching against. */
const reasonOf = (result: ReturnType<typeof classifySmtpFailure>) =>
  'reason' in result ? result.reason : '';

const lost = error({
  code: 'ECONNECTION',
  command: 'CONN',
  message: 'Connection closed unexpectedly',
});
const timedOut = error({ code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout' });
const reset = error({ code: 'ESOCKET', originalCode: 'ECONNRESET', command: 'CONN' });

describe('classifySmtpFailure', () => {
  const phases: SmtpPhase[] = ['connect', 'auth', 'envelope', 'data'];

  it.each(phases.flatMap((phase) => [lost, timedOut, reset].map((e) => [phase, e] as const)))(
    'is not sent when the connection fails in phase %s (%s)',
    (phase, failure) => {
      expect(classifySmtpFailure(failure, phase, endpoint)).toMatchObject({
        status: 'not_sent',
        code: 'smtp_unavailable',
      });
    },
  );

  it.each([lost, timedOut, reset])(
    'is unknown when the connection fails after the last byte (%s)',
    (failure) => {
      expect(classifySmtpFailure(failure, 'data_done', endpoint)).toMatchObject({
        status: 'unknown',
      });
    },
  );

  it('is not sent when the server answered 421 after the message', () => {
    const closing = error({
      code: 'ECONNECTION',
      command: 'CONN',
      response: '421 4.3.2 Shutting down',
      responseCode: 421,
    });
    expect(classifySmtpFailure(closing, 'data_done', endpoint)).toMatchObject({
      status: 'not_sent',
      code: 'smtp_unavailable',
    });
  });

  it('names what failed on the way to the server', () => {
    const refused = error({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' });
    const untrusted = error({ code: 'ETLS', command: 'CONN', message: 'self-signed certificate' });
    const dns = error({ code: 'EDNS', command: 'CONN' });
    expect(reasonOf(classifySmtpFailure(refused, 'connect', endpoint))).toMatch(
      /nothing accepts connections at smtp\.example\.org:587/,
    );
    expect(reasonOf(classifySmtpFailure(untrusted, 'connect', endpoint))).toMatch(
      /certificate .* not trusted; set TERN_TLS_CA_FILE/,
    );
    expect(reasonOf(classifySmtpFailure(dns, 'connect', endpoint))).toMatch(/does not resolve/);
  });

  it('asks for the password again when the server refuses it, and not for other sign-in trouble', () => {
    const wrong = error({
      code: 'EAUTH',
      command: 'AUTH PLAIN',
      response: '535 5.7.8 Error: authentication failed',
      responseCode: 535,
    });
    const notOffered = error({
      code: 'EAUTH',
      command: 'AUTH PLAIN',
      response: '503 5.5.1 Error: authentication not enabled',
      responseCode: 503,
    });
    const temporary = error({
      code: 'EAUTH',
      command: 'AUTH PLAIN',
      response: '454 4.7.0 Temporary authentication failure',
      responseCode: 454,
    });
    expect(classifySmtpFailure(wrong, 'auth', endpoint)).toMatchObject({ status: 'auth_failed' });
    for (const other of [notOffered, temporary])
      expect(classifySmtpFailure(other, 'auth', endpoint)).toMatchObject({
        status: 'not_sent',
        code: 'smtp_unavailable',
      });
  });

  it('reports a refused sender, refused recipients, a refused or too large message', () => {
    const sender = error({
      code: 'EENVELOPE',
      command: 'MAIL FROM',
      response: '553 5.7.1 Sender address rejected',
      responseCode: 553,
    });
    const recipients = error({
      code: 'EENVELOPE',
      command: 'RCPT TO',
      response: '550 5.1.1 User unknown',
      responseCode: 550,
      rejectedErrors: [
        { recipient: 'a@x.org', response: '550 5.1.1 <a@x.org>: User unknown' },
        { recipient: 'b@x.org', response: '550 5.1.1 <b@x.org>: User unknown' },
      ],
    });
    const data = error({
      code: 'EMESSAGE',
      command: 'DATA',
      response: '554 5.7.1 Spam',
      responseCode: 554,
    });
    const dataRefused = error({
      code: 'EENVELOPE',
      command: 'DATA',
      response: '554 5.5.1 No valid recipients',
      responseCode: 554,
    });
    const big = error({
      code: 'EMESSAGE',
      command: 'DATA',
      response: '552 5.3.4 Message size exceeds fixed limit',
      responseCode: 552,
    });
    const bigEarly = error({
      code: 'EENVELOPE',
      command: 'MAIL FROM',
      response: '552 5.3.4 Message size exceeds fixed limit',
      responseCode: 552,
    });
    const bigByEhlo = error({
      code: 'EMESSAGE',
      command: 'MAIL FROM',
      message: 'Message size larger than allowed 1000',
    });
    const later = error({
      code: 'EMESSAGE',
      command: 'DATA',
      response: '451 4.3.0 Try again later',
      responseCode: 451,
    });

    expect(classifySmtpFailure(sender, 'envelope', endpoint)).toMatchObject({
      code: 'sender_refused',
    });
    const everyone = classifySmtpFailure(recipients, 'envelope', endpoint);
    expect(reasonOf(everyone)).toMatch(/refused every recipient/);
    expect(everyone).toMatchObject({
      status: 'not_sent',
      code: 'recipients_refused',
      refused: [
        { address: 'a@x.org', reply: '550 5.1.1 <a@x.org>: User unknown' },
        { address: 'b@x.org', reply: '550 5.1.1 <b@x.org>: User unknown' },
      ],
    });
    const spam = classifySmtpFailure(data, 'data_done', endpoint);
    expect(spam).toMatchObject({ code: 'refused' });
    expect(reasonOf(spam)).toMatch(/The server said: "554 5.7.1 Spam"/);
    expect(classifySmtpFailure(dataRefused, 'envelope', endpoint)).toMatchObject({
      code: 'refused',
    });
    for (const tooBig of [big, bigEarly, bigByEhlo])
      expect(classifySmtpFailure(tooBig, 'data_done', endpoint)).toMatchObject({
        code: 'too_large',
      });
    expect(classifySmtpFailure(later, 'data_done', endpoint)).toMatchObject({
      status: 'not_sent',
      code: 'smtp_unavailable',
    });
  });
});

describe('envelopeRecipients', () => {
  it('lists To, Cc and Bcc, each address once whatever its case', () => {
    const a = (address: string) => ({ name: '', address });
    expect(
      envelopeRecipients({
        to: [a('bob@tern.test'), a('carol@tern.test')],
        cc: [a('Bob@Tern.test')],
        bcc: [a('dan@tern.test'), a('carol@tern.test')],
      }),
    ).toEqual(['bob@tern.test', 'carol@tern.test', 'dan@tern.test']);
  });
});
