import { loginPathFor } from './return-path';

/** The session ended (idle, revoked, expired): the login page, then back to where the user was. */
export function goToLogin(): void {
  window.location.assign(loginPathFor(window.location.pathname + window.location.search));
}
