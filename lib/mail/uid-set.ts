/**
 * An IMAP sequence set for UIDs, with runs collapsed ("1:5,9,12:14"), so a selection of thousands
 * of messages stays far below servers' command-length limits (Dovecot: 64 KB).
 */
export function uidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end++;
    parts.push(end === i ? String(sorted[i]) : `${sorted[i]}:${sorted[end]}`);
    i = end + 1;
  }
  return parts.join(',');
}
