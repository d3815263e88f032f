/**
 * API figures of reading, Tern's HTTP API against raw imapflow on one persistent connection
 * (bench/reference/raw-ops.ts), alternately, on fresh copies delivered at the start of every run:
 * - open a ~50 KB HTML newsletter never opened before, but listed first as a reader sees it (so
 *   Dovecot has parsed its structure): GET …/messages/{uid} (FETCHes, decoding, sanitizing, JSON)
 *   to the end of its body, against one FETCH of another copy's whole source;
 * - a message with a 5 MB attachment: GET of the message, then of the attachment's part, read to
 *   the end, against a FETCH of its structure and imapflow's download of the part.
 */
import type { MessageSummary, MessageView } from '../../lib/mail/types.ts';
import { doveadm, deliverRaw } from '../../scripts/stack/seed.ts';
import { attachmentBytes, newsletter, withAttachment } from '../mail-samples.ts';
import { alternately, withServerAndFloor, timed } from './api-client.ts';
import type { Section } from './context.ts';
import { goals, stat, type Figure } from './figure.ts';

const folder = 'Reading';
const attachmentSize = 5 * 1024 * 1024;

export const measureApiRead: Section = async (context) => {
  const { runs, demo, stack } = context;
  const downloads = Math.max(5, Math.floor(runs / 3));
  // Fresh copies every run: the first open of a message is also Dovecot's first parse of it.
  if (doveadm(stack, ['mailbox', 'list', '-u', demo.email]).split('\n').includes(folder))
    doveadm(stack, ['expunge', '-u', demo.email, 'mailbox', folder, 'all']);
  const attachment = attachmentBytes(attachmentSize);
  const start = Date.UTC(2026, 2, 5, 8);
  const raws = [
    ...Array.from({ length: 1 + 2 * runs }, (_, i) => newsletter(i, demo.email)),
    withAttachment(0, demo.email, attachment),
  ];
  deliverRaw(
    stack,
    demo.email,
    folder,
    raws.map((raw, i) => ({ raw, date: new Date(start + i * 60_000) })),
  );

  return withServerAndFloor(context, 2, async (server, floor) => {
    const base = `/api/folders/${folder}/messages`;
    const { body: list } = await server.get<{ messages: MessageSummary[] }>(
      `${base}?offset=0&limit=${raws.length}`,
    );
    const uidOf = (subject: string) => {
      const row = list.messages.find((m) => m.subject === subject);
      if (!row) throw new Error(`no message "${subject}" in ${folder}`);
      return row.uid;
    };
    const letter = (copy: number) => uidOf(`The March letter (#${copy})`);
    const attachmentUid = uidOf('The data set (#0)');
    // Warm up the code (the sanitizer's hot paths get compiled) on a copy nobody measures.
    for (let i = 0; i < 20; i++) await server.get(`${base}/${letter(0)}`);
    await floor.source(folder, letter(0));

    const opens = await alternately(
      runs,
      async (run) => (await server.get(`${base}/${letter(1 + run)}`)).ms,
      (run) => timed(() => floor.source(folder, letter(1 + runs + run))),
    );
    const open: Figure = {
      section: 'API',
      name: 'open a 50 KB HTML message (first time)',
      unit: 'ms',
      tern: stat(opens.tern),
      floor: stat(opens.floor),
      floorName: 'FETCH of its source',
    };
    open.goal = goals.floorPlus(10, open.tern, open.floor!);

    const { body: view } = await server.get<MessageView>(`${base}/${attachmentUid}`);
    const partId = view.attachments[0]?.partId;
    if (!partId) throw new Error('the attachment message lists no attachment');
    const download = async () => {
      await server.get(`${base}/${attachmentUid}`);
      const response = await fetch(`${server.tern.url}${base}/${attachmentUid}/parts/${partId}`, {
        headers: { cookie: server.cookie },
      });
      const bytes = (await response.arrayBuffer()).byteLength;
      if (response.status !== 200 || bytes !== attachmentSize)
        throw new Error(`download: ${response.status}, ${bytes} bytes`);
    };
    await download();
    const attachments = await alternately(
      downloads,
      () => timed(download),
      () => timed(() => floor.structureAndPart(folder, attachmentUid, partId)),
    );
    return [
      open,
      {
        section: 'API',
        name: 'message with a 5 MB attachment: open, download',
        unit: 'ms',
        tern: stat(attachments.tern),
        floor: stat(attachments.floor),
        floorName: 'FETCH structure + download',
      },
    ];
  });
};
