'use client';

import { ArrowDownUp, RefreshCw } from 'lucide-react';
import type { MessageListParams } from '@/lib/client/api';
import type { MessageFilter, MessageSort } from '@/lib/mail/types';
import { IconButton } from '@/components/ui/icon-button';
import { IconSelect } from './icon-select';

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

/** Quick filters, the sort order of the message list, and a way to check for new mail. */
export function ListToolbar({
  params,
  onChange,
  onRefresh,
}: {
  params: MessageListParams;
  onChange: (next: MessageListParams) => void;
  onRefresh: () => void;
}) {
  return (
    <div className="flex items-center gap-1 border-b border-line px-2 py-2 sm:gap-2 sm:px-3">
      <div
        role="group"
        aria-label="Show"
        className="flex min-w-0 flex-1 gap-1 overflow-x-auto [scrollbar-width:none]"
      >
        {filters.map(([filter, label]) => (
          <button
            key={filter}
            type="button"
            aria-pressed={params.filter === filter}
            onClick={() => onChange({ ...params, filter })}
            className="min-h-9 shrink-0 rounded-full px-2.5 text-sm sm:px-3 aria-pressed:bg-accent aria-pressed:text-accent-ink hover:bg-line aria-pressed:hover:bg-accent"
          >
            {label}
          </button>
        ))}
      </div>
      <IconSelect
        label="Sort by"
        icon={<ArrowDownUp className="size-4" />}
        value={`${params.sort}:${params.order}`}
        onChange={(event) => {
          const [sort, order] = event.target.value.split(':') as [MessageSort, 'asc' | 'desc'];
          onChange({ ...params, sort, order });
        }}
      >
        {sorts.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </IconSelect>
      <IconButton icon={RefreshCw} label="Refresh" onClick={onRefresh} iconClassName="size-4" />
    </div>
  );
}
