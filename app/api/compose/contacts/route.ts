import { json, route } from '@/lib/http';
import { contactsFor } from '@/lib/mail/compose/contacts';
import type { ContactList } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

/** Addresses the user wrote to or heard from, best first, for the composer's suggestions. */
export const GET = route({}, async ({ account, services: { pool } }) => {
  const list: ContactList = await contactsFor(pool, account);
  return json(list);
});
