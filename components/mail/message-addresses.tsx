'use client';

import { useState } from 'react';
import type { Address } from '@/lib/mail/types';

/** Past this many recipients the rest fold behind "and N more". */
const shownRecipients = 3;

export function AddressText({ address }: { address: Address }) {
  // The address is always shown beside the name: a display name alone is how spoofing works.
  return (
    <span>
      {address.name && <span className="font-medium">{address.name} </span>}
      <span className="text-muted">&lt;{address.address}&gt;</span>
    </span>
  );
}

export function Recipients({ label, list }: { label: string; list: Address[] }) {
  const [all, setAll] = useState(false);
  if (list.length === 0) return null;
  const shown = all ? list : list.slice(0, shownRecipients);
  return (
    <div className="text-sm">
      <span className="text-muted">{label}: </span>
      {shown.map((a, i) => (
        <span key={`${a.address}${i}`}>
          {i > 0 && ', '}
          <AddressText address={a} />
        </span>
      ))}
      {!all && list.length > shownRecipients && (
        <button type="button" onClick={() => setAll(true)} className="ml-1 text-accent underline">
          and {list.length - shownRecipients} more
        </button>
      )}
    </div>
  );
}
