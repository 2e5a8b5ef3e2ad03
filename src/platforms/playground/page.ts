// The playground page and its files, all from the bot's own origin: the HTML (with a strict
// Content-Security-Policy: scripts, fetches, styles and images from 'self' only), the page's
// script and style, Web Chat's own bundle from node_modules (dist/webchat.js, which carries the
// React it was built with), the Adaptive Cards renderer Web Chat uses (for the dialogs' overlay),
// and the README sections that explain how to connect Slack or Teams
// instead.

import { LANGUAGE_NAMES, LOCALES } from '../../core/i18n/locale.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = projectRoot(here);

/**
 * The directory holding package.json, README.md and manifests/, searched upwards from here: the
 * same from src/ (tsx) as from a build (dist/, or another outDir inside the project). public/ is
 * beside this module in both, as the build copies it.
 */
function projectRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return join(from, '..', '..', '..');
}

/** Files served by path; read once, on first request. */
const FILES: Record<string, { file: () => string; type: string }> = {
  '/playground/webchat.js': {
    file: () => join(dirname(createRequire(import.meta.url).resolve('botframework-webchat')), '..', 'dist', 'webchat.js'),
    type: 'text/javascript; charset=utf-8',
  },
  // Adaptive Cards' own browser build, for the dialogs: the package Web Chat depends on (and pins),
  // resolved from Web Chat, so its version is always the one Web Chat draws cards with. The copy
  // bundled inside webchat.js is reachable only from inside Web Chat's React tree.
  '/playground/adaptivecards.js': {
    file: () => {
      const fromWebChat = createRequire(createRequire(import.meta.url).resolve('botframework-webchat'));
      return join(dirname(fromWebChat.resolve('adaptivecards/package.json')), 'dist', 'adaptivecards.min.js');
    },
    type: 'text/javascript; charset=utf-8',
  },
  '/playground/app.js': { file: () => join(here, 'public', 'app.js'), type: 'text/javascript; charset=utf-8' },
  '/playground/app.css': { file: () => join(here, 'public', 'app.css'), type: 'text/css; charset=utf-8' },
  '/playground/docs/README.md': { file: () => join(root, 'README.md'), type: 'text/plain; charset=utf-8' },
  '/playground/docs/slack.md': { file: () => join(root, 'manifests', 'slack', 'README.md'), type: 'text/plain; charset=utf-8' },
  '/playground/docs/teams.md': { file: () => join(root, 'manifests', 'teams', 'README.md'), type: 'text/plain; charset=utf-8' },
};

export const STATIC_PATHS = Object.keys(FILES);

/**
 * No inline script, no eval, no other origin. Styles need 'unsafe-inline': Web Chat 4.18 puts
 * its CSS in <style> elements at run time, and although Web Chat passes a nonce to its own
 * emotion instance, the transcript's scroller (react-scroll-to-bottom) inserts its <style>
 * without one. A nonce would make browsers ignore 'unsafe-inline', so there is none.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // blob: is the page's own memory: Direct Line reads a file the person attached from its blob URL.
  "connect-src 'self' blob:",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export function servePage(res: ServerResponse): void {
  const html = PAGE;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

const cache = new Map<string, Buffer>();

/** Serves one of the playground's files; false when `path` is not one of them or it is missing. */
export async function serveFile(path: string, res: ServerResponse): Promise<boolean> {
  const entry = FILES[path];
  if (!entry) return false;
  let body = cache.get(path);
  if (!body) {
    try {
      body = await readFile(entry.file());
    } catch {
      return false;
    }
    cache.set(path, body);
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': entry.type,
    'content-length': body.length,
    // Web Chat is large and the same until the next npm ci: let the browser keep it, and with
    // it V8's compiled code, so a second visit starts in well under a second.
    'cache-control': path === '/playground/webchat.js' || path === '/playground/adaptivecards.js' ? 'public, max-age=3600' : 'no-cache',
  });
  res.end(body);
  return true;
}

/** A pane's language: what its Web Chat sends as the Teams client's locale (and, for Support, SUPPORT_LANGUAGE). */
function picker(pane: 'technician' | 'support', title: string): string {
  const options = LOCALES.map((l) => `<option value="${l}"${l === 'en' ? ' selected' : ''}>${LANGUAGE_NAMES[l]}</option>`).join('');
  return `<label class="language" title="${title}">Language <select id="language-${pane}" data-pane="${pane}">${options}</select></label>`;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>camreset playground</title>
<link rel="stylesheet" href="/playground/app.css">
<script src="/playground/webchat.js" defer></script>
<script src="/playground/adaptivecards.js" defer></script>
<script src="/playground/app.js" defer></script>
<link rel="icon" href="data:,">
</head>
<body>
<header>
  <h1>camreset playground</h1>
  <p class="local"><strong>This is a local playground.</strong> Both chats run on this machine against the bot's
  real Microsoft Teams code path (the same core and Adaptive Cards), on a desk and clock of their own; nothing is sent to
  Slack, Teams or the internet, and no request of a connected Slack or Teams is ever shown or changed here.
  To connect the real thing instead, see
  <a href="/playground/docs/README.md">README</a> — “Installing the Slack app” (<a href="/playground/docs/slack.md">Slack guide</a>)
  and “Installing the Teams app” (<a href="/playground/docs/teams.md">Teams guide</a>); setting Slack or Teams credentials turns this page off
  (<code>PLAYGROUND=on</code> keeps it, for this machine only).</p>
  <p class="try">Try it: type <code>camreset</code> in the Technician pane, paste a 32-character code and the device details,
  submit; then answer from the card in the Support channel pane. Messages typed in the Support channel go to the reply chain
  of the newest request card.</p>
  <div class="controls">
    <div id="clock" aria-live="polite">Clock: <span id="now">…</span> <span id="scale-label"></span></div>
    <div role="group" aria-label="Time scale" id="scales">
      <span>Speed:</span>
      <button type="button" data-scale="1">1×</button>
      <button type="button" data-scale="10">10×</button>
      <button type="button" data-scale="60">60×</button>
      <button type="button" data-scale="600">600×</button>
    </div>
    <a href="/" id="reset">Reset</a>
  </div>
  <div id="deadlines" aria-live="polite">No challenge is running.</div>
</header>
<main>
  <section class="pane" aria-labelledby="technician-title">
    <div class="pane-head"><h2 id="technician-title">Technician <small>(1:1 chat with the bot)</small></h2>${picker('technician', "The language of the technician's Teams client")}</div>
    <div class="chat" id="technician"></div>
  </section>
  <section class="pane" aria-labelledby="support-title">
    <div class="pane-head"><h2 id="support-title">Support channel <small>(everyone here is a support agent)</small></h2>${picker('support', "SUPPORT_LANGUAGE, and the agent's Teams client")}</div>
    <div class="chat" id="support"></div>
  </section>
</main>
<div id="dialog" class="dialog-backdrop" hidden>
  <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title">
    <div class="dialog-head">
      <div><small id="dialog-pane"></small><h2 id="dialog-title"></h2></div>
      <button type="button" id="dialog-close" aria-label="Close dialog">×</button>
    </div>
    <div class="dialog-body" id="dialog-body"></div>
  </div>
</div>
</body>
</html>
`;
