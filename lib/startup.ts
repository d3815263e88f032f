/**
 * Runs once when the server starts: stops on bad configuration with one readable line, and says
 * early (without stopping) when the mail server cannot be reached.
 */
import 'server-only';
import { getConfig, isConfigError } from './env';
import { isMailError } from './errors';
import { checkHealth } from './mail/health';

export async function checkAtStartup(): Promise<void> {
  try {
    const { imageProxy } = getConfig();
    if (imageProxy.allowHosts.length)
      console.warn(
        `tern: warning: TERN_IMAGE_PROXY_ALLOW_HOSTS lets remote images load from ${imageProxy.allowHosts.join(', ')} on this machine; it is meant for tests, never for production.`,
      );
  } catch (error) {
    if (isConfigError(error)) {
      console.error(`tern: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  try {
    const report = await checkHealth();
    console.log(
      `tern: IMAP server ${report.imap.host}:${report.imap.port} reachable (${report.imap.latencyMs} ms)`,
    );
  } catch (error) {
    const message = isMailError(error) ? error.message : String(error);
    console.error(
      `tern: warning: ${message} Tern keeps running and answers 503 until it can connect.`,
    );
  }
}
