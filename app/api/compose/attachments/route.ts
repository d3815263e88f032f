import { json, uploadRoute } from '@/lib/http';
import { saveUpload, spoolOptions, uploadQuery } from '@/lib/mail/compose/uploads';
import type { UploadedFile } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

/**
 * One attachment's bytes, streamed to the upload spool: the body is the file itself
 * (application/octet-stream), its name and type are in the query string. 201 with the stored file.
 */
export const POST = uploadRoute(
  { query: uploadQuery, maxBytes: (config) => config.compose.attachmentMaxBytes },
  async ({ query, upload, account, services: { config } }) => {
    const file: UploadedFile = await saveUpload(spoolOptions(config.compose), account.email, {
      filename: query.filename,
      contentType: query.type,
      body: upload.body,
    });
    return json(file, { status: 201 });
  },
);
