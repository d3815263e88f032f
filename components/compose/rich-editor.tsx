'use client';

/**
 * The rich-text body: Tiptap (ProseMirror), loaded only when a composer opens (compose-body.tsx
 * imports this file with next/dynamic). Its schema is the whole sanitizer for what is pasted:
 * paragraphs, line breaks, bold, italic, underline, strike, links (no javascript:), lists,
 * quotes, headings, and the images a quoted or forwarded message already shows through Tern;
 * anything else pasted is reduced to its text, and nothing in it loads.
 */
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import Image from '@tiptap/extension-image';
import Placeholder from '@tiptap/extension-placeholder';
import StarterKit from '@tiptap/starter-kit';
import {
  Bold,
  Italic,
  Link as LinkIcon,
  List,
  ListOrdered,
  Quote,
  Strikethrough,
  Underline,
  type LucideIcon,
} from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';

export interface RichEditorProps {
  html: string;
  onChange: (html: string) => void;
  label: string;
  autoFocus?: boolean;
}

type Chain = ReturnType<Editor['chain']>;

/**
 * An image of a message (one of its parts) or a remote image the reader chose to show (through
 * Tern's proxy): sending turns them back into attachments or their original address. Other
 * images would load from elsewhere, so they are not taken in.
 */
function isTernImage(src: string | null): boolean {
  return src !== null && (src.startsWith('/api/folders/') || src.startsWith('/api/proxy?'));
}

const QuotedImage = Image.extend({
  parseHTML() {
    return [
      {
        tag: 'img[src]',
        getAttrs: (element) => (isTernImage(element.getAttribute('src')) ? null : false),
      },
    ];
  },
}).configure({ inline: true, allowBase64: false });

/** The formatting the toolbar offers: what the schema keeps, nothing an email would lose. */
const tools: Array<{
  icon: LucideIcon;
  label: string;
  node: string;
  toggle: (chain: Chain) => boolean;
}> = [
  { icon: Bold, label: 'Bold', node: 'bold', toggle: (c) => c.toggleBold().run() },
  { icon: Italic, label: 'Italic', node: 'italic', toggle: (c) => c.toggleItalic().run() },
  {
    icon: Underline,
    label: 'Underline',
    node: 'underline',
    toggle: (c) => c.toggleUnderline().run(),
  },
  {
    icon: Strikethrough,
    label: 'Strikethrough',
    node: 'strike',
    toggle: (c) => c.toggleStrike().run(),
  },
  {
    icon: List,
    label: 'Bulleted list',
    node: 'bulletList',
    toggle: (c) => c.toggleBulletList().run(),
  },
  {
    icon: ListOrdered,
    label: 'Numbered list',
    node: 'orderedList',
    toggle: (c) => c.toggleOrderedList().run(),
  },
  { icon: Quote, label: 'Quote', node: 'blockquote', toggle: (c) => c.toggleBlockquote().run() },
];

function ToolButton({
  icon: Icon,
  label,
  active,
  onClick,
}: {
  icon: LucideIcon;
  label: string;
  active: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      title={label}
      aria-pressed={active}
      // The editor keeps its selection: the toolbar never takes the focus from it with a click.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
      className="flex min-h-9 min-w-9 items-center justify-center rounded-md hover:bg-line aria-pressed:bg-line aria-pressed:text-accent"
    >
      <Icon aria-hidden className="size-4" />
      <span className="sr-only">{label}</span>
    </button>
  );
}

function LinkForm({ editor, onDone }: { editor: Editor; onDone: () => void }) {
  const id = useId();
  const [href, setHref] = useState(
    () => (editor.getAttributes('link').href as string | undefined) ?? '',
  );

  function apply() {
    const target = href.trim();
    const chain = editor.chain().focus().extendMarkRange('link');
    if (target)
      chain
        .setLink({ href: /^[a-z][a-z0-9+.-]*:/i.test(target) ? target : `https://${target}` })
        .run();
    else chain.unsetLink().run();
    onDone();
  }

  return (
    // A div, not a nested form: the composer is a form already.
    <div
      role="group"
      aria-label="Link"
      className="flex flex-wrap items-center gap-2 border-b border-line px-2 py-1.5"
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          apply();
        }
        if (event.key === 'Escape') {
          event.stopPropagation();
          onDone();
        }
      }}
    >
      <label htmlFor={id} className="text-sm">
        Link address
      </label>
      <input
        id={id}
        autoFocus
        type="url"
        value={href}
        onChange={(event) => setHref(event.target.value)}
        placeholder="https://example.com"
        className="min-w-0 flex-1 rounded-md border border-line bg-canvas px-2 py-1 text-sm"
      />
      <button
        type="button"
        onClick={apply}
        className="min-h-9 rounded-md px-2 text-sm font-medium text-accent"
      >
        {href.trim() ? 'Apply' : 'Remove link'}
      </button>
      <button type="button" onClick={onDone} className="min-h-9 rounded-md px-2 text-sm">
        Cancel
      </button>
    </div>
  );
}

export default function RichEditor({ html, onChange, label, autoFocus }: RichEditorProps) {
  const change = useRef(onChange);
  useEffect(() => {
    change.current = onChange;
  });
  const [linking, setLinking] = useState(false);

  const editor = useEditor({
    immediatelyRender: false,
    shouldRerenderOnTransaction: false,
    extensions: [
      StarterKit.configure({
        code: false,
        codeBlock: false,
        horizontalRule: false,
        heading: { levels: [1, 2, 3] },
        link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
      }),
      Placeholder.configure({ placeholder: 'Write your message' }),
      QuotedImage,
    ],
    content: html,
    autofocus: autoFocus ? 'start' : false,
    editorProps: {
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        class: 'tern-editor min-h-40 flex-1 px-3 py-2',
      },
      // Ctrl/Cmd+Enter sends (the composer hears it as it bubbles); ProseMirror would take it for
      // a line break.
      handleKeyDown: (_view, event) => event.key === 'Enter' && (event.ctrlKey || event.metaKey),
    },
    onUpdate: ({ editor: updated }) => change.current(updated.getHTML()),
  });

  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => tools.map((tool) => e?.isActive(tool.node) ?? false),
  });

  const linkActive =
    useEditorState({ editor, selector: ({ editor: e }) => e?.isActive('link') ?? false }) ?? false;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div
        role="toolbar"
        aria-label="Formatting"
        className="flex flex-wrap gap-0.5 border-b border-line px-1 py-0.5"
      >
        {tools.map((tool, index) => (
          <ToolButton
            key={tool.label}
            icon={tool.icon}
            label={tool.label}
            active={active?.[index] ?? false}
            onClick={() => editor && tool.toggle(editor.chain().focus())}
          />
        ))}
        <ToolButton
          icon={LinkIcon}
          label="Link"
          active={linkActive || linking}
          onClick={() => setLinking((v) => !v)}
        />
      </div>
      {linking && editor && <LinkForm editor={editor} onDone={() => setLinking(false)} />}
      <EditorContent editor={editor} className="flex min-h-0 flex-1 flex-col overflow-y-auto" />
    </div>
  );
}
