import { route } from '@/lib/http';
import { eventsQuery } from '@/lib/mail/live/events-query';
import { eventStream } from '@/lib/sse';

export const dynamic = 'force-dynamic';

/** The signed-in user's live updates as server-sent events (types: MailEvent in lib/mail/types). */
export const GET = route({ query: eventsQuery }, async ({ request, query, account, services }) => {
  const lastEventId = request.headers.get('last-event-id') ?? query.lastEventId;
  return Promise.resolve(
    eventStream(request, (sink) =>
      services.live.subscribe(account, query.folder, lastEventId || undefined, {
        send: ({ id, event }) => sink.send(id, event.type, event),
        end: () => sink.end(),
      }),
    ),
  );
});
