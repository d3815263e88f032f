'use client';

import dynamic from 'next/dynamic';
import type { ComposeBody as Body } from '@/lib/mail/types';

/** Tiptap and ProseMirror (~130 KB gzipped) load when the first composer opens, never before. */
const RichEditor = dynamic(() => import('./rich-editor'), {
  ssr: false,
  loading: () => (
    <p role="status" className="px-3 py-2 text-sm text-muted">
      Loading the editor…
    </p>
  ),
});

const label = 'Message body';

/** The body in the mode the user chose: rich text, or a plain text area. */
export function ComposeBody({
  body,
  onChange,
  autoFocus,
}: {
  body: Body;
  autoFocus?: boolean;
  onChange: (body: Body) => void;
}) {
  if (body.mode === 'html')
    return (
      <RichEditor
        html={body.html}
        label={label}
        autoFocus={autoFocus}
        onChange={(html) => onChange({ mode: 'html', html })}
      />
    );
  return (
    <textarea
      aria-label={label}
      autoFocus={autoFocus}
      value={body.text}
      onChange={(event) => onChange({ mode: 'text', text: event.target.value })}
      placeholder="Write your message"
      className="min-h-40 w-full flex-1 resize-none bg-transparent px-3 py-2 font-mono text-base sm:text-sm"
    />
  );
}
