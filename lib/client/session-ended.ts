/**
 * What happens when the session ends (idle, revoked, expired). Usually the login page, then back
 * to where the user was. But while a composer holds words the user wrote, leaving the page would
 * put them at risk: the composer claims the ending instead, asks for the password in place, and
 * the call that met the 401 is made again. Every 401 (the session check, an API call, the event
 * stream, another tab) comes through here, and concurrent ones share one question.
 */
import { loginPathFor } from './return-path';

/** Signs in again in place; resolves true once a new session cookie is set, false if the user left. */
export type SessionRenewer = () => Promise<boolean>;

let renewer: SessionRenewer | undefined;
let renewal: Promise<boolean> | undefined;

/** The session ended: the login page, then back to where the user was. */
export function goToLogin(): void {
  window.location.assign(loginPathFor(window.location.pathname + window.location.search));
}

/** Set while something on the page must not be navigated away from; undefined releases it. */
export function claimSessionEnd(next: SessionRenewer | undefined): void {
  renewer = next;
}

/**
 * Asks the claimant to sign in again, once for all callers at the same moment; undefined when
 * nothing claims the ending (the caller then behaves as before).
 */
export function renewSession(): Promise<boolean> | undefined {
  if (!renewer) return undefined;
  renewal ??= renewer().finally(() => (renewal = undefined));
  return renewal;
}

/** The session ended: renewed in place when a composer holds content, else the login page. */
export async function sessionEnded(): Promise<boolean> {
  const renewed = renewSession();
  if (renewed && (await renewed)) return true;
  if (!renewed) goToLogin();
  return false;
}
