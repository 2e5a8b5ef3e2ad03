// The playground page: two Web Chat panes on the bot's local Direct Line, the challenge clock
// (polled from the server and run on between polls at the server's speed), the speed buttons
// and Reset. Plain browser JavaScript, served as is; no other origin is ever contacted.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const json = (res) => {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.json();
  };
  const post = (path, body) =>
    fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) }).then(json);

  const pad = (n) => String(n).padStart(2, '0');
  const clockText = (ms) => {
    const d = new Date(ms);
    return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
  };
  const remainingText = (ms) => {
    const s = Math.max(0, Math.round(ms / 1000));
    return `${Math.floor(s / 60)}:${pad(s % 60)}`;
  };

  let status = null;
  let fetchedAt = 0;

  function virtualNow() {
    if (!status) return Date.now();
    return status.now + (performance.now() - fetchedAt) * status.scale;
  }

  function paint() {
    if (!status) return;
    const now = virtualNow();
    $('now').textContent = clockText(now);
    $('scale-label').textContent = status.scale === 1 ? '(real time)' : `(${status.scale}× faster than real time)`;
    for (const button of document.querySelectorAll('#scales button')) {
      button.setAttribute('aria-pressed', String(Number(button.dataset.scale) === status.scale));
      button.disabled = !status.adjustable;
    }
    const lines = status.requests.map((r) => {
      if (!r.expiresAt) return `${r.id}: ${r.state.replace('_', ' ')}, no challenge yet`;
      if (r.state === 'expired' || r.expiresAt <= now) return `${r.id}: challenge expired at ${clockText(r.expiresAt)}`;
      return `${r.id}: ${r.state.replace('_', ' ')} — challenge expires at ${clockText(r.expiresAt)} (in ${remainingText(r.expiresAt - now)})`;
    });
    const box = $('deadlines');
    box.replaceChildren(...(lines.length ? lines : ['No challenge is running.']).map((t) => Object.assign(document.createElement('div'), { textContent: t, className: 'deadline' })));
  }

  async function poll() {
    try {
      status = await fetch('/playground/status', { cache: 'no-store' }).then(json);
      fetchedAt = performance.now();
      paint();
    } catch {
      // The bot may be restarting; try again on the next tick.
    }
  }

  function whenRendered(element) {
    return new Promise((resolve) => {
      const done = () => element.querySelector('.webchat__send-box') && element.querySelector('[role="log"], .webchat__basic-transcript');
      if (done()) return resolve();
      const observer = new MutationObserver(() => {
        if (done()) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(element, { childList: true, subtree: true });
    });
  }

  async function start() {
    const session = await fetch('/playground/session', { cache: 'no-store' }).then(json);
    const rendered = [];
    for (const pane of session.panes) {
      const element = $(pane.key);
      const directLine = window.WebChat.createDirectLine({
        domain: `${location.origin}/v3/directline`,
        token: pane.token,
        conversationId: pane.conversationId,
        webSocket: false,
        pollingInterval: 250,
      });
      window.WebChat.renderWebChat(
        {
          directLine,
          userID: pane.userID,
          username: pane.username,
          locale: 'en-US',
          styleOptions: {
            hideUploadButton: true,
            // A textarea, so a pasted block of details keeps its line breaks (Shift+Enter adds one).
            sendBoxTextWrap: true,
            botAvatarInitials: 'CR',
            userAvatarInitials: pane.key === 'technician' ? 'T' : 'A',
            bubbleMaxWidth: 640,
          },
        },
        element,
      );
      rendered.push(whenRendered(element));
    }
    await Promise.all(rendered);
    performance.mark('webchat-rendered');
    document.body.dataset.ready = 'true';
  }

  for (const button of document.querySelectorAll('#scales button')) {
    button.addEventListener('click', async () => {
      status = await post('/playground/time-scale', { scale: Number(button.dataset.scale) }).catch(() => status);
      fetchedAt = performance.now();
      paint();
    });
  }
  $('reset').addEventListener('click', async (event) => {
    event.preventDefault();
    await post('/playground/reset').catch(() => undefined);
    location.reload();
  });

  poll();
  setInterval(poll, 1000);
  setInterval(paint, 250);
  start().catch((err) => {
    document.body.dataset.ready = 'failed';
    $('deadlines').textContent = `The chats could not start: ${err.message}`;
  });
})();
