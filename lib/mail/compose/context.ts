/** What saving and sending a compose work with: the user's connections and Tern's settings. */
import 'server-only';
import type { TernConfig } from '../../env';
import type { ImapPool, PoolAccount } from '../../imap/pool';
import type { Services } from '../../services';
import type { MessageCache } from '../message-cache';
import { composeLedger, type ComposeLedger } from './ledger';
import { specialFolders, type SpecialFolderLookup } from './special-folders';
import type { SpoolOptions } from './uploads';

export interface ComposeContext {
  pool: ImapPool;
  account: PoolAccount;
  config: TernConfig;
  /** Told of every folder changed here, so lists sync before they answer. */
  cache: MessageCache;
  ledger: ComposeLedger;
  /** Where Drafts and Sent are; tests put a missing Sent here. */
  folders: SpecialFolderLookup;
}

export function composeContext(services: Services, account: PoolAccount): ComposeContext {
  return {
    pool: services.pool,
    account,
    config: services.config,
    cache: services.messageCache,
    ledger: composeLedger(),
    folders: specialFolders,
  };
}

/** Where uploads wait, and how large one may be. */
export function spoolOf(config: TernConfig): SpoolOptions {
  return { dir: config.compose.uploadDir, maxBytes: config.compose.attachmentMaxBytes };
}
