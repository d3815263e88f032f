import { transferHandler } from '../transfer-handler';

export const dynamic = 'force-dynamic';

/** Copys messages (some, or the whole folder) to another folder. */
export const POST = transferHandler('copy');
