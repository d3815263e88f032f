/**
 * Checks on what the user types into a message's header fields, shared by the composer (which
 * marks a bad address chip) and the API (which refuses it with a 400 naming the field). Pure:
 * no Node, no DOM.
 */

/** The longest address SMTP carries (RFC 5321's path limit less the angle brackets). */
export const maxAddressLength = 254;
export const maxNameLength = 200;
export const maxSubjectLength = 1000;
export const maxRecipients = 100;

/** dot-atom characters of a local part (RFC 5322 atext); v1 sends ASCII local parts only. */
const localPart = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** A domain label: letters (any script, for IDN), digits and inner hyphens. */
const domainLabel = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?$/u;
const controlCharacter = /[\u0000-\u001f\u007f]/;
const controlExceptTab = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Why this is not an address Tern sends to, written for the user; undefined when it is fine. */
export function addressProblem(address: string): string | undefined {
  if (address.length === 0) return 'is empty';
  if (controlCharacter.test(address)) return 'contains a line break or control character';
  if (address.length > maxAddressLength) return `is longer than ${maxAddressLength} characters`;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return 'is not an email address (name@example.com)';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || !localPart.test(local))
    return 'is not an email address (name@example.com)';
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => domainLabel.test(label)))
    return `has no valid domain after the @`;
  return undefined;
}

export function isValidAddress(address: string): boolean {
  return addressProblem(address) === undefined;
}

/** Why a display name cannot go into a header; undefined when it is fine. */
export function nameProblem(name: string): string | undefined {
  if (controlCharacter.test(name)) return 'contains a line break or control character';
  if (name.length > maxNameLength) return `is longer than ${maxNameLength} characters`;
  return undefined;
}

/** Why a subject cannot go into a header (a tab is allowed); undefined when it is fine. */
export function subjectProblem(subject: string): string | undefined {
  if (controlExceptTab.test(subject)) return 'contains a line break or control character';
  if (subject.length > maxSubjectLength) return `is longer than ${maxSubjectLength} characters`;
  return undefined;
}

/**
 * Splits what was typed or pasted into an address field into addresses: "Ann <ann@x.org>, bob@y.org;
 * carl@z.org". Quoted names may hold commas. What does not parse is kept as typed, to be marked.
 */
export function parseAddressList(input: string): Array<{ name: string; address: string }> {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const character of input) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && character === '<') angle = true;
    else if (!quoted && character === '>') angle = false;
    if (!quoted && !angle && /[,;\n]/.test(character)) {
      parts.push(current);
      current = '';
    } else current += character;
  }
  parts.push(current);
  return parts
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const bracketed = /^(.*)<([^<>]*)>$/.exec(part);
      if (!bracketed) return { name: '', address: part.replace(/^mailto:/i, '') };
      const name = bracketed[1]!
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim();
      return { name, address: bracketed[2]!.trim() };
    });
}
