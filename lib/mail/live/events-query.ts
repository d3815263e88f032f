/** The query of GET /api/events, validated. */
import { z } from 'zod';

export const eventsQuery = z.object({
  /** The folder the tab has open: watched beside the INBOX. */
  folder: z
    .string()
    .min(1)
    .max(1000)
    .refine((path) => !/[\u0000-\u001f\u007f]/.test(path), 'must be a folder name')
    .optional(),
  /**
   * The last event a tab saw, for a new EventSource (a reload, another tab taking over): the
   * browser sends it as the Last-Event-ID header only when an EventSource reconnects by itself.
   */
  lastEventId: z
    .string()
    .regex(/^[\w-]{1,20}\.\d{1,15}$/)
    .optional(),
});
