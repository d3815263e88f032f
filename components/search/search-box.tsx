'use client';

/**
 * The one search box: operator terms as removable chips, free text in a combobox (ARIA 1.2, list
 * autocomplete) that offers operators and their values as the user types, and the filter panel
 * for the same without typing. `/` focuses it. A query that does not parse is not sent: the
 * problem is shown, and the part of the text at fault is selected.
 */
import { Search, SlidersHorizontal, X } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { loadContacts, type Contact } from '@/lib/client/compose/recipients';
import {
  afterTyping,
  boxFromQuery,
  chipParts,
  editChip,
  emptyBox,
  queryText,
  removeChip,
  type BoxState,
} from '@/lib/client/search/search-box-model';
import { currentWord, suggestionsFor, type Suggestion } from '@/lib/client/search/suggestions';
import { useKeyboardShortcuts } from '@/lib/client/use-keyboard-shortcuts';
import { describeError, parseQuery } from '@/lib/shared/search-query';
import { FilterPanel } from './filter-panel';

export function SearchBox({
  query,
  folder,
  folders,
  onSearch,
  onClear,
}: {
  /** The search in the address bar, or null when not searching. */
  query: string | null;
  folder: string;
  folders: readonly string[];
  onSearch: (q: string) => void;
  onClear: () => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const optionsButton = useRef<HTMLButtonElement>(null);
  const [box, setBox] = useState<BoxState>(() => boxFromQuery(query ?? ''));
  const [shownQuery, setShownQuery] = useState(query);
  const [problem, setProblem] = useState<string>();
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(-1);
  const [panelOpen, setPanelOpen] = useState(false);
  const [contacts, setContacts] = useState<Contact[]>([]);

  // Back, Forward and links change the search: the box follows the address.
  if (query !== shownQuery) {
    setShownQuery(query);
    setBox(boxFromQuery(query ?? ''));
    setProblem(undefined);
  }

  // Contacts are for from: and to: suggestions: asked for when the box is first used, not with
  // every page.
  const [wantContacts, setWantContacts] = useState(false);
  useEffect(() => {
    if (!wantContacts) return;
    let live = true;
    void loadContacts().then((list) => live && setContacts(list));
    return () => {
      live = false;
    };
  }, [wantContacts]);

  useKeyboardShortcuts((event) => {
    if (event.key !== '/') return false;
    input.current?.focus();
    return true;
  });

  // The highlighted suggestion stays in view as the arrows move through a long list.
  useEffect(() => {
    if (activeIndex >= 0)
      document.getElementById(`${id}-option-${activeIndex}`)?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex, id]);

  const word = currentWord(box.text);
  const suggestions: Suggestion[] = open ? suggestionsFor(word, { folders, contacts }) : [];
  const expanded = suggestions.length > 0;
  const listboxId = `${id}-suggestions`;
  const problemId = `${id}-problem`;

  function search(next: BoxState) {
    const q = queryText(next);
    const parsed = parseQuery(q);
    if (!parsed.ok) {
      setProblem(describeError(parsed.error));
      // Chips always parse, so the mistake is in the typed text: select from there on.
      const typedAt = q.length - next.text.trim().length;
      const at = parsed.error.position - typedAt;
      const field = input.current;
      if (field && at >= 0) {
        field.focus();
        const start = next.text.length - next.text.trimStart().length + at;
        const end = /\s/u.exec(next.text.slice(start))?.index;
        field.setSelectionRange(start, end === undefined ? next.text.length : start + end);
      }
      return;
    }
    setProblem(undefined);
    setOpen(false);
    setBox(boxFromQuery(q));
    if (q) onSearch(q);
    else onClear();
  }

  function choose(suggestion: Suggestion) {
    const before = box.text.slice(0, box.text.length - word.length);
    const typed = `${before}${suggestion.insert}${suggestion.insert.endsWith(':') ? '' : ' '}`;
    setBox(afterTyping(box, typed));
    setActiveIndex(-1);
    input.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && expanded) {
      event.preventDefault();
      setActiveIndex((i) => (i + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && expanded) {
      event.preventDefault();
      setActiveIndex((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
    } else if ((event.key === 'Enter' || event.key === 'Tab') && expanded && activeIndex >= 0) {
      event.preventDefault();
      choose(suggestions[activeIndex]!);
    } else if (event.key === 'Escape') {
      if (expanded) setOpen(false);
      else input.current?.blur();
    } else if (event.key === 'Backspace' && box.text === '' && box.chips.length > 0) {
      event.preventDefault();
      setBox(editChip(box, box.chips.length - 1));
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    search(box);
  }

  const hasSomething = box.chips.length > 0 || box.text !== '' || query !== null;

  return (
    <div role="search" aria-label="Search mail" className="relative">
      <form onSubmit={submit} className="flex items-start gap-1">
        <div className="flex min-h-11 min-w-0 flex-1 items-center gap-1 rounded-md border border-line bg-canvas px-2 py-1 focus-within:outline-2 focus-within:outline-accent">
          <Search aria-hidden className="size-4 shrink-0 text-muted" />
          <div className="flex min-w-0 flex-1 flex-wrap items-center gap-1">
            {box.chips.length > 0 && (
              <ul aria-label="Search terms" className="flex flex-wrap items-center gap-1">
                {box.chips.map((chip, index) => {
                  const { operator, value } = chipParts(chip);
                  return (
                    <li key={chip} className="flex max-w-full min-w-0">
                      <button
                        type="button"
                        onClick={() => {
                          setBox(editChip(box, index));
                          input.current?.focus();
                        }}
                        className="flex min-h-8 min-w-0 items-center rounded-l-full border border-r-0 border-line bg-surface py-0.5 pr-1 pl-2.5 text-sm"
                      >
                        <span className="text-muted">{operator}</span>
                        <span className="min-w-0 truncate">{value}</span>
                        <span className="sr-only">, edit</span>
                      </button>
                      <button
                        type="button"
                        onClick={() => {
                          search(removeChip(box, index));
                          // The button goes with its chip; the focus stays in the box.
                          input.current?.focus();
                        }}
                        className="flex min-h-8 min-w-8 items-center justify-center rounded-r-full border border-l-0 border-line bg-surface hover:bg-line"
                      >
                        <X aria-hidden className="size-3.5" />
                        <span className="sr-only">Remove {chip}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
            <input
              ref={input}
              type="search"
              enterKeyHint="search"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              role="combobox"
              aria-label="Search mail"
              aria-autocomplete="list"
              aria-expanded={expanded}
              aria-controls={listboxId}
              aria-activedescendant={
                expanded && activeIndex >= 0 ? `${id}-option-${activeIndex}` : undefined
              }
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? problemId : undefined}
              placeholder={box.chips.length ? '' : 'Search mail  (/)'}
              value={box.text}
              onChange={(event) => {
                setBox(afterTyping(box, event.target.value));
                setProblem(undefined);
                setOpen(true);
                setActiveIndex(-1);
              }}
              onFocus={() => {
                setOpen(true);
                setWantContacts(true);
              }}
              onBlur={() => setOpen(false)}
              onKeyDown={onKeyDown}
              className="min-h-9 min-w-24 flex-1 bg-transparent text-base focus-visible:outline-none sm:text-sm [&::-webkit-search-cancel-button]:hidden"
            />
          </div>
          {hasSomething && (
            <button
              type="button"
              onClick={() => {
                setBox(emptyBox);
                setProblem(undefined);
                onClear();
              }}
              className="flex min-h-9 min-w-9 items-center justify-center rounded-md hover:bg-line"
            >
              <X aria-hidden className="size-4" />
              <span className="sr-only">Clear the search</span>
            </button>
          )}
        </div>
        <button
          ref={optionsButton}
          type="button"
          aria-expanded={panelOpen}
          aria-controls={`${id}-panel`}
          onClick={() => setPanelOpen((o) => !o)}
          className="flex min-h-11 min-w-11 items-center justify-center rounded-md hover:bg-line aria-expanded:bg-line"
        >
          <SlidersHorizontal aria-hidden className="size-5" />
          <span className="sr-only">Search options</span>
        </button>
        <button type="submit" tabIndex={-1} className="sr-only">
          Search
        </button>
      </form>
      <ul
        id={listboxId}
        role="listbox"
        aria-label="Search suggestions"
        hidden={!expanded}
        className="absolute top-full right-12 left-0 z-20 max-h-72 overflow-y-auto rounded-b-md border border-line bg-canvas py-1 shadow-lg"
      >
        {suggestions.map((suggestion, index) => (
          <li
            key={suggestion.insert}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={index === activeIndex}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(suggestion)}
            className="flex min-h-10 cursor-pointer items-baseline gap-3 px-3 py-1.5 text-sm aria-selected:bg-line"
          >
            <span className="shrink-0 font-medium">{suggestion.label}</span>
            {suggestion.hint && <span className="truncate text-muted">{suggestion.hint}</span>}
          </li>
        ))}
      </ul>
      {problem && (
        <p id={problemId} role="alert" className="px-1 pt-1 text-sm text-bad">
          {problem}
        </p>
      )}
      {panelOpen && (
        <FilterPanel
          id={`${id}-panel`}
          query={queryText(box)}
          folder={folder}
          folders={folders}
          onSearch={(q) => {
            setPanelOpen(false);
            search(boxFromQuery(q));
          }}
          onClose={() => {
            setPanelOpen(false);
            optionsButton.current?.focus();
          }}
        />
      )}
    </div>
  );
}
