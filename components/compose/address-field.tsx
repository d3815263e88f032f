'use client';

/**
 * To, Cc or Bcc: recipients as chips and a combobox (ARIA 1.2, list autocomplete) that suggests
 * the user's contacts as they type. A comma, semicolon, Enter or leaving the field makes chips of
 * what was typed; a paste of many addresses makes many chips. A chip that is not an address is
 * marked, with the reason shown and read out (aria-describedby), and the field's combobox is
 * aria-invalid (a button or list item may not carry it); it blocks sending until fixed or removed.
 * Clicking a chip puts it back into the input to edit.
 */
import { CircleAlert, X } from 'lucide-react';
import {
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
} from 'react';
import type { Address } from '@/lib/mail/types';
import {
  loadContacts,
  matchContacts,
  recipientLabel,
  recipientProblem,
  recipientText,
  recipientsFrom,
  type Contact,
} from '@/lib/client/compose/recipients';

export interface AddressFieldHandle {
  /** Makes chips of what is still typed (before a send). */
  commit: () => void;
}

/** A server's word on a recipient, beside the checks made here (refused, or named by a 400). */
export type RecipientNote = (recipient: Address, index: number) => string | undefined;

export function AddressField({
  label,
  recipients,
  onChange,
  note,
  ref,
  autoFocus,
  trailing,
}: {
  label: string;
  recipients: Address[];
  /** Given a change, as each one applies to the recipients as they are by then. */
  onChange: (change: (current: Address[]) => Address[]) => void;
  note?: RecipientNote;
  ref?: Ref<AddressFieldHandle>;
  autoFocus?: boolean;
  /** Beside the field at the end of its row (the To field's Cc and Bcc buttons). */
  trailing?: ReactNode;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(-1);
  const suggestions = open ? matchContacts(text, contacts, recipients) : [];
  const expanded = suggestions.length > 0;

  useEffect(() => {
    let live = true;
    void loadContacts().then((list) => live && setContacts(list));
    return () => {
      live = false;
    };
  }, []);

  function commit() {
    if (!text.trim()) return;
    const typed = text;
    setText('');
    setOpen(false);
    onChange((current) => [...current, ...recipientsFrom(typed, current)]);
  }

  useImperativeHandle(ref, () => ({ commit }));

  function choose(contact: Contact) {
    onChange((current) => [...current, { name: contact.name, address: contact.address }]);
    setText('');
    setOpen(false);
    setActiveIndex(-1);
    input.current?.focus();
  }

  function remove(index: number) {
    onChange((current) => current.filter((_, i) => i !== index));
    input.current?.focus();
  }

  function edit(index: number) {
    const recipient = recipients[index]!;
    commit();
    onChange((current) => current.filter((_, i) => i !== index));
    setText(recipientText(recipient));
    input.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && expanded) {
      event.preventDefault();
      setActiveIndex((i) => (i + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && expanded) {
      event.preventDefault();
      setActiveIndex((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
    } else if (event.key === 'Escape' && expanded) {
      event.stopPropagation(); // closes the suggestions, not the composer
      setOpen(false);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      commit(); // and the composer sends
    } else if (event.key === 'Enter' && expanded && activeIndex >= 0) {
      event.preventDefault();
      choose(suggestions[activeIndex]!);
    } else if ((event.key === 'Enter' || event.key === ',' || event.key === ';') && text.trim()) {
      event.preventDefault();
      commit();
    } else if (event.key === 'Enter') {
      event.preventDefault(); // never submits the composer half written
    } else if (event.key === 'Backspace' && text === '' && recipients.length > 0) {
      event.preventDefault();
      edit(recipients.length - 1);
    }
  }

  const problems = recipients
    .map((recipient, index) => ({
      index,
      text: recipientProblem(recipient) ?? note?.(recipient, index),
    }))
    .filter((p): p is { index: number; text: string } => p.text !== undefined);
  const listboxId = `${id}-listbox`;
  const problemId = (index: number) => `${id}-problem-${index}`;

  return (
    <div className="relative flex min-h-11 items-start gap-2 border-b border-line px-3 py-1">
      <label htmlFor={`${id}-input`} className="w-14 shrink-0 pt-2 text-sm text-muted">
        {label}
      </label>
      <div className="flex min-w-0 flex-1 flex-col">
        <ul aria-label={`Recipients in ${label}`} className="flex flex-wrap items-center gap-1">
          {recipients.map((recipient, index) => {
            const problem = problems.find((p) => p.index === index);
            return (
              <li key={`${recipient.address}:${index}`} className="flex max-w-full min-w-0">
                <button
                  type="button"
                  data-invalid={problem ? true : undefined}
                  aria-describedby={problem ? problemId(index) : undefined}
                  title={recipientText(recipient)}
                  onClick={() => edit(index)}
                  className="flex min-h-8 min-w-0 items-center gap-1 rounded-l-full border border-r-0 border-line bg-surface py-0.5 pr-1 pl-2.5 text-sm data-invalid:border-bad data-invalid:text-bad"
                >
                  {problem && <CircleAlert aria-hidden className="size-3.5 shrink-0" />}
                  <span className="min-w-0 truncate">{recipientLabel(recipient)}</span>
                  <span className="sr-only">
                    {recipient.name ? ` <${recipient.address}>` : ''}
                    {problem ? ', not a valid address' : ''}, edit
                  </span>
                </button>
                <button
                  type="button"
                  onClick={() => remove(index)}
                  className={`flex min-h-8 min-w-8 items-center justify-center rounded-r-full border border-l-0 bg-surface hover:bg-line ${problem ? 'border-bad text-bad' : 'border-line'}`}
                >
                  <X aria-hidden className="size-3.5" />
                  <span className="sr-only">Remove {recipientText(recipient)}</span>
                </button>
              </li>
            );
          })}
          <li className="flex min-w-32 flex-1">
            <input
              ref={input}
              id={`${id}-input`}
              type="text"
              inputMode="email"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              autoFocus={autoFocus}
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={expanded}
              aria-controls={listboxId}
              aria-activedescendant={
                expanded && activeIndex >= 0 ? `${id}-option-${activeIndex}` : undefined
              }
              aria-invalid={problems.length > 0 ? true : undefined}
              aria-describedby={problems.length > 0 ? `${id}-problems` : undefined}
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setOpen(true);
                setActiveIndex(-1);
              }}
              onKeyDown={onKeyDown}
              onPaste={(event) => {
                const pasted = event.clipboardData.getData('text');
                if (!/[,;\n]/.test(pasted)) return;
                event.preventDefault();
                const typed = `${text},${pasted}`;
                onChange((current) => [...current, ...recipientsFrom(typed, current)]);
                setText('');
              }}
              onBlur={() => {
                // A click on a suggestion lands before this (mousedown keeps the focus).
                commit();
              }}
              className="min-h-9 w-full min-w-0 bg-transparent text-base sm:text-sm"
            />
          </li>
        </ul>
        <ul
          id={listboxId}
          role="listbox"
          aria-label={`Suggestions for ${label}`}
          hidden={!expanded}
          className="absolute top-full right-0 left-0 z-10 max-h-64 overflow-y-auto rounded-b-md border border-line bg-canvas py-1 shadow-lg"
        >
          {suggestions.map((contact, index) => (
            <li
              key={contact.address}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(contact)}
              className="flex cursor-pointer flex-col px-3 py-1.5 text-sm aria-selected:bg-line"
            >
              {contact.name && <span className="truncate">{contact.name}</span>}
              <span className="truncate text-muted">{contact.address}</span>
            </li>
          ))}
        </ul>
        {problems.length > 0 && (
          <ul id={`${id}-problems`} className="py-1 text-sm text-bad">
            {problems.map((p) => (
              <li key={p.index} id={problemId(p.index)}>
                {p.text}
              </li>
            ))}
          </ul>
        )}
      </div>
      {trailing}
    </div>
  );
}
