/**
 * One tab works on a compose at a time: two tabs restoring the same open composer after a reload
 * would save over each other, and two restoring a send would post it twice. A Web Lock per
 * composeId, held while this tab has the compose; where the browser has no Web Locks, every tab
 * may (as before).
 */
export type Release = () => void;

export function claimCompose(composeId: string): Promise<Release | undefined> {
  if (typeof navigator === 'undefined' || typeof navigator.locks?.request !== 'function')
    return Promise.resolve(() => {});
  return new Promise((resolve) => {
    navigator.locks
      .request(`tern-compose:${composeId}`, { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(undefined);
          return;
        }
        return new Promise<void>((release) => resolve(release));
      })
      .catch(() => resolve(undefined));
  });
}
