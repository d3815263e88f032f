/**
 * A signed-in browser tab's live connection, for load: GET /api/events held open and read
 * continuously, as EventSource does, and opened again after a pause when the server ends it
 * (Tern ends every stream after 10 minutes). What it carries is not looked at.
 */
import { sleep } from '../measure.ts';

/** EventSource's own default pause before reconnecting; Tern asks for 3 s, near enough. */
const reconnectMs = 3000;

export class OpenStream {
  /** Resolves once the first frame has come (Tern sends the retry delay at once). */
  readonly opened: Promise<void>;
  /** Why the stream stopped, when it did without being closed. */
  failure: unknown;
  /** How often the server ended the stream and it was opened again. */
  reopened = 0;
  private readonly abort = new AbortController();
  private readonly reading: Promise<void>;

  constructor(url: string, cookie: string, folder = 'INBOX') {
    let opened = () => {};
    let failed: (error: unknown) => void = () => {};
    this.opened = new Promise((resolve, reject) => ((opened = resolve), (failed = reject)));
    const address = `${url}/api/events?folder=${encodeURIComponent(folder)}`;
    this.reading = this.keepOpen(address, cookie, opened).catch((error: unknown) => {
      if (this.abort.signal.aborted) return;
      this.failure = error;
      failed(error);
    });
  }

  private async keepOpen(address: string, cookie: string, opened: () => void): Promise<void> {
    while (!this.abort.signal.aborted) {
      const response = await fetch(address, {
        headers: { cookie, accept: 'text/event-stream' },
        signal: this.abort.signal,
      });
      if (response.status !== 200 || !response.body) throw new Error(`stream: ${response.status}`);
      const reader = response.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) opened();
      await sleep(reconnectMs);
      this.reopened++;
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading;
  }
}
