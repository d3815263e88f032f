'use client';

import type { MessageListParams } from '@/lib/client/api';
import type { MessageFilter, MessageSort } from '@/lib/mail/types';

const filters: Array<[MessageFilter, string]> = [
  ['all', 'All'],
  ['unseen', 'Unread'],
  ['flagged', 'Starred'],
  ['attachments', 'Attachments'],
];

const sorts: Array<[string, string]> = [
  ['arrival:desc', 'Newest first'],
  ['arrival:asc', 'Oldest first'],
  ['date:desc', 'Date sent, newest'],
  ['from:asc', 'Sender A–Z'],
  ['subject:asc', 'Subject A–Z'],
  ['size:desc', 'Largest first'],
];

/** Quick filters and the sort order of the message list. */
export function ListToolbar({
  params,
  onChange,
}: {
  params: MessageListParams;
  onChange: (next: MessageListParams) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-line px-3 py-2">
      <div role="group" aria-label="Show" className="flex gap-1">
        {filters.map(([filter, label]) => (
          <button
            key={filter}
            type="button"
            aria-pressed={params.filter === filter}
            onClick={() => onChange({ ...params, filter })}
            className="min-h-9 rounded-full px-3 text-sm aria-pressed:bg-accent aria-pressed:text-accent-ink hover:bg-line aria-pressed:hover:bg-accent"
          >
            {label}
          </button>
        ))}
      </div>
      <label className="ml-auto flex items-center gap-2 text-sm">
        <span className="sr-only">Sort by</span>
        <select
          value={`${params.sort}:${params.order}`}
          onChange={(event) => {
            const [sort, order] = event.target.value.split(':') as [MessageSort, 'asc' | 'desc'];
            onChange({ ...params, sort, order });
          }}
          className="min-h-9 rounded-md border border-line bg-canvas px-2"
        >
          {sorts.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
