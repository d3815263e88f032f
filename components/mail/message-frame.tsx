'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * Message HTML (already sanitized on the server) in a sandboxed frame: no allow-scripts, so
 * nothing in it can run, and a policy inside the frame that lets only images from Tern's own
 * parts (and data: images) load. allow-same-origin without scripts lets this page measure the
 * content to size the frame; links open in new tabs, outside the sandbox.
 */
export function MessageFrame({ html, title }: { html: string; title: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(160);
  const document = frameDocument(html);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    let observer: ResizeObserver | undefined;
    const measure = () => {
      const body = element.contentDocument?.body;
      if (body)
        setHeight(
          Math.max(body.scrollHeight, element.contentDocument.documentElement.scrollHeight),
        );
    };
    const onLoad = () => {
      measure();
      observer?.disconnect();
      const body = element.contentDocument?.body;
      if (body) {
        observer = new ResizeObserver(measure);
        observer.observe(body);
      }
    };
    element.addEventListener('load', onLoad);
    return () => {
      element.removeEventListener('load', onLoad);
      observer?.disconnect();
    };
  }, [document]);

  return (
    <iframe
      ref={frame}
      title={title}
      srcDoc={document}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      className="block w-full rounded-md border border-line bg-white"
      style={{ height }}
    />
  );
}

function frameDocument(html: string): string {
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const policy = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src data: ${origin}/api/`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"><meta name="referrer" content="no-referrer"><style>html{color-scheme:light}body{margin:0;padding:16px;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Liberation Sans',sans-serif;color:#1b1f24;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}pre{white-space:pre-wrap}a{color:#1f5fbf}</style></head><body>${html}</body></html>`;
}
