'use client';

/**
 * The search's options as a form, for those who do not type operators: it starts from the
 * box's query and writes one back, so both always say the same search.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { filtersFromQuery, queryFromFilters, type Filters } from '@/lib/client/search/filters';
import { describeError, parseQuery } from '@/lib/shared/search-query';

const fieldClass =
  'min-h-10 w-full min-w-0 rounded-md border border-line bg-canvas px-2 text-base sm:text-sm';

export function FilterPanel({
  id,
  query,
  folder,
  folders,
  onSearch,
  onClose,
}: {
  id: string;
  query: string;
  folder: string;
  folders: readonly string[];
  onSearch: (q: string) => void;
  onClose: () => void;
}) {
  const prefix = useId();
  const [filters, setFilters] = useState<Filters>(() => {
    const read = filtersFromQuery(query);
    // in: naming the folder the user is in is "This folder".
    return read.scope === folder ? { ...read, scope: '' } : read;
  });
  const [problem, setProblem] = useState<string>();

  // Opened from its button, the panel takes the focus, so the keyboard goes on from there.
  const firstField = useRef<HTMLInputElement>(null);
  useEffect(() => firstField.current?.focus(), []);

  const text = (key: keyof Filters, label: string, hint?: string): ReactNode => (
    <label className="flex flex-col gap-1 text-sm">
      <span>
        {label}
        {hint && <span className="text-muted"> ({hint})</span>}
      </span>
      <input
        ref={key === 'words' ? firstField : undefined}
        type="text"
        autoComplete="off"
        value={filters[key] as string}
        onChange={(event) => setFilters({ ...filters, [key]: event.target.value })}
        className={fieldClass}
      />
    </label>
  );
  const check = (key: 'attachment' | 'unread' | 'flagged' | 'answered', label: string) => (
    <label className="flex min-h-10 items-center gap-2 text-sm">
      <input
        type="checkbox"
        checked={filters[key]}
        onChange={(event) => setFilters({ ...filters, [key]: event.target.checked })}
        className="size-4 accent-accent"
      />
      {label}
    </label>
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const q = queryFromFilters(filters);
    const parsed = parseQuery(q);
    if (!parsed.ok) return setProblem(describeError(parsed.error));
    onSearch(q);
  }

  return (
    <form
      id={id}
      aria-label="Search options"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
      className="absolute top-full right-0 left-0 z-30 mt-1 flex max-h-[80dvh] flex-col gap-3 overflow-y-auto rounded-md border border-line bg-canvas p-3 shadow-lg"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {text('words', 'Has the words')}
        {text('without', "Doesn't have")}
        {text('from', 'From')}
        {text('to', 'To or Cc')}
        {text('subject', 'Subject')}
        {text('body', 'In the message text')}
        {text('after', 'After', 'YYYY-MM-DD or 7d, 1m')}
        {text('before', 'Before', 'YYYY-MM-DD or 7d, 1m')}
        {text('larger', 'Larger than', 'like 500k, 2M')}
        {text('smaller', 'Smaller than', 'like 500k, 2M')}
      </div>
      <fieldset className="flex flex-wrap gap-x-4">
        <legend className="sr-only">Only messages that</legend>
        {check('attachment', 'Has an attachment')}
        {check('unread', 'Unread')}
        {check('flagged', 'Starred')}
        {check('answered', 'Replied to')}
      </fieldset>
      <label className="flex flex-col gap-1 text-sm" htmlFor={`${prefix}-scope`}>
        Search in
        <select
          id={`${prefix}-scope`}
          value={filters.scope}
          onChange={(event) => setFilters({ ...filters, scope: event.target.value })}
          className={fieldClass}
        >
          <option value="">This folder ({folder === 'INBOX' ? 'Inbox' : folder})</option>
          <option value="all">All folders</option>
          {folders
            .filter((path) => path !== folder)
            .map((path) => (
              <option key={path} value={path}>
                {path === 'INBOX' ? 'Inbox' : path}
              </option>
            ))}
        </select>
      </label>
      {filters.extra && (
        <p className="text-sm text-muted">
          Also: <code>{filters.extra}</code>
        </p>
      )}
      {problem && (
        <p role="alert" className="text-sm text-bad">
          {problem}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onClose} className="min-h-10 rounded-md px-4 hover:bg-line">
          Cancel
        </button>
        <button
          type="submit"
          className="min-h-10 rounded-md bg-accent px-4 font-medium text-accent-ink"
        >
          Search
        </button>
      </div>
    </form>
  );
}
