/**
 * Recipients as the address fields show them: chips made from what was typed or pasted (many at
 * once), each checked with the same rules the API applies, and suggestions from the user's
 * contacts, fetched once per page and filtered here.
 */
import type { Address, ContactList } from '@/lib/mail/types';
import { addressProblem, nameProblem, parseAddressList } from '@/lib/shared/address';
import { fetchContacts } from './compose-api';

export type Contact = ContactList['contacts'][number];

/** Why this recipient cannot be sent to, for the user; undefined when it can. */
export function recipientProblem(recipient: Address): string | undefined {
  const address = addressProblem(recipient.address.trim());
  if (address) return `${recipient.address || 'This address'} ${address}`;
  const name = nameProblem(recipient.name);
  return name ? `The name ${name}` : undefined;
}

/** What was typed or pasted, as recipients; duplicates of each other or of `existing` dropped. */
export function recipientsFrom(input: string, existing: Address[] = []): Address[] {
  const seen = new Set(existing.map((a) => a.address.toLowerCase()));
  const result: Address[] = [];
  for (const parsed of parseAddressList(input)) {
    const key = parsed.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ name: parsed.name, address: parsed.address });
  }
  return result;
}

/** A chip's text: the name when there is one, else the address. */
export function recipientLabel(recipient: Address): string {
  return recipient.name || recipient.address;
}

/** "Ann Lee <ann@x.org>", as it would be written in a header (for copying and reading aloud). */
export function recipientText(recipient: Address): string {
  return recipient.name ? `${recipient.name} <${recipient.address}>` : recipient.address;
}

/**
 * Contacts for what is typed: a word of the name or the address beginning with it, best scored
 * first (the list arrives in that order), leaving out those already chosen.
 */
export function matchContacts(
  query: string,
  contacts: readonly Contact[],
  taken: readonly Address[],
  limit = 8,
): Contact[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const chosen = new Set(taken.map((a) => a.address.toLowerCase()));
  const matches: Contact[] = [];
  for (const contact of contacts) {
    if (chosen.has(contact.address.toLowerCase())) continue;
    const words = `${contact.name} ${contact.address.replace(/[@.]/g, ' ')}`
      .toLowerCase()
      .split(/\s+/);
    if (
      contact.address.toLowerCase().startsWith(needle) ||
      words.some((w) => w.startsWith(needle))
    ) {
      matches.push(contact);
      if (matches.length === limit) break;
    }
  }
  return matches;
}

let contacts: Promise<Contact[]> | undefined;

/** The user's contacts, asked for once per page; a failure is asked again next time. */
export function loadContacts(): Promise<Contact[]> {
  contacts ??= fetchContacts().then((result) => {
    if (result.ok) return result.value.contacts;
    contacts = undefined;
    return [];
  });
  return contacts;
}
