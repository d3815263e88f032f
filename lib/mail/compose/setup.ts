/**
 * Whom the user sends as, and what the composer needs to know before the first keystroke. The
 * identity is the login address (further identities come later); a login that is not an address
 * cannot send, and the composer says why.
 */
import 'server-only';
import type { TernConfig } from '../../env';
import { MailError } from '../../errors';
import { addressProblem } from '../../shared/address';
import type { Address, ComposeSetup } from '../types';

const notAnAddress =
  'Your sign-in name is not an email address, so Tern does not know which address to send from. Ask your administrator to set one up.';

/** The signed-in user as a sender, or undefined when the login is not an email address. */
export function identityOf(login: string): string | undefined {
  const address = login.trim();
  return addressProblem(address) === undefined ? address : undefined;
}

/** From: the login address with the name the user gave; a login that is not an address is a 403. */
export function sender(login: string, name: string | undefined): Address {
  const address = identityOf(login);
  if (!address) throw new MailError('forbidden', notAnAddress);
  return { name: name?.trim() ?? '', address };
}

export function composeSetup(login: string, config: TernConfig): ComposeSetup {
  const address = identityOf(login);
  return {
    identities: address ? [{ name: '', address }] : [],
    ...(address ? {} : { unavailable: notAnAddress }),
    attachmentMaxBytes: config.compose.attachmentMaxBytes,
    undoSendSeconds: config.compose.undoSendSeconds,
  };
}
