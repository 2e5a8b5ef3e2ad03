// The playground page: two Web Chat panes on the bot's local Direct Line, the challenge clock
// (polled from the server and run on between polls at the server's speed), the speed buttons
// and Reset; and what Teams' client does beside the chat: a Teams dialog (task module), which
// the server hands over as a `playground/dialog` event, drawn in an overlay with the Adaptive
// Cards renderer Web Chat is built on, and files dropped on the Technician pane. Plain browser
// JavaScript, served as is; no other origin is ever contacted.
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
    box.replaceChildren(
      ...(lines.length ? lines : ['No challenge is running.']).map((t) =>
        Object.assign(document.createElement('div'), { textContent: t, className: 'deadline' }),
      ),
    );
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

  // ---- dialogs ----

  const DIALOG = 'playground/dialog';
  const DIALOG_CLOSED = 'playground/dialog-closed';
  const stores = {};
  const titles = {};
  /** The open dialog of each pane ({ dialogId, title, card, busy }), and which pane opened one last. */
  const dialogs = new Map();
  let front = null;
  let drawn = null;
  let drawScheduled = false;

  /** Bold is the only markdown the bot's dialogs use; everything else is shown as text. */
  function markdown(text, result) {
    const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    result.outputHtml = `<p>${escaped.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/\n/g, '<br>')}</p>`;
    result.didProcess = true;
  }

  function onDialogEvent(key, activity) {
    const value = activity.value || {};
    if (activity.name === DIALOG) {
      dialogs.set(key, { dialogId: value.dialogId, title: value.title || '', card: value.card, busy: false });
      front = key;
    } else if (activity.name === DIALOG_CLOSED && dialogs.has(key) && dialogs.get(key).dialogId === value.dialogId) {
      dialogs.delete(key);
      if (front === key) front = dialogs.keys().next().value ?? null;
    }
    // A reload replays a pane's events in a burst: draw once they are all in.
    if (!drawScheduled) {
      drawScheduled = true;
      requestAnimationFrame(() => {
        drawScheduled = false;
        drawDialog();
      });
    }
  }

  function sendEvent(key, name, value) {
    stores[key].dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name, value } });
  }

  function dismissDialog() {
    const key = front;
    if (!key || !dialogs.has(key)) return;
    sendEvent(key, 'playground/dialog-dismiss', { dialogId: dialogs.get(key).dialogId });
    dialogs.delete(key);
    front = dialogs.keys().next().value ?? null;
    drawDialog();
  }

  function drawDialog() {
    const overlay = $('dialog');
    const dialog = front && dialogs.get(front);
    if (!dialog) {
      if (!overlay.hidden) {
        overlay.hidden = true;
        $('dialog-body').replaceChildren();
        drawn = null;
      }
      return;
    }
    if (drawn === dialog) return;
    drawn = dialog;
    const key = front;
    $('dialog-pane').textContent = titles[key];
    $('dialog-title').textContent = dialog.title || 'Dialog';
    const body = $('dialog-body');
    let element;
    try {
      const AC = window.AdaptiveCards;
      AC.AdaptiveCard.onProcessMarkdown = markdown;
      const card = new AC.AdaptiveCard();
      card.hostConfig = new AC.HostConfig({
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        supportsInteractivity: true,
      });
      card.onExecuteAction = (action) => {
        // Action.OpenUrl (the e-mail to Bosch's mailto: link): what the Teams client does, the browser does.
        if (action instanceof AC.OpenUrlAction) {
          if (/^(mailto|https?):/i.test(action.url || '')) window.open(action.url, '_blank', 'noopener');
          return;
        }
        // Action.Submit (and Action.Execute, should a dialog carry one): the button's data with the inputs.
        if (!(action instanceof AC.SubmitAction || (AC.ExecuteAction && action instanceof AC.ExecuteAction))) return;
        if (dialog.busy) return;
        dialog.busy = true;
        $('dialog').setAttribute('aria-busy', 'true');
        sendEvent(key, 'playground/dialog-submit', { dialogId: dialog.dialogId, data: action.data || {} });
      };
      card.parse(dialog.card);
      element = card.render();
    } catch (err) {
      element = Object.assign(document.createElement('p'), { textContent: `The dialog's card could not be drawn: ${err.message}` });
    }
    $('dialog').removeAttribute('aria-busy');
    body.replaceChildren(element);
    body.scrollTop = 0;
    const wasHidden = overlay.hidden;
    overlay.hidden = false;
    if (wasHidden) {
      const first = body.querySelector('input, textarea, select, button');
      (first || $('dialog-close')).focus();
    }
  }

  $('dialog-close').addEventListener('click', dismissDialog);
  $('dialog').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') dismissDialog();
  });
  $('dialog').addEventListener('click', (event) => {
    if (event.target === $('dialog')) dismissDialog();
  });

  // ---- files dropped on the Technician pane ----

  function acceptDrops(key, element) {
    const section = element.closest('.pane');
    section.addEventListener('dragover', (event) => {
      if (!event.dataTransfer || ![...event.dataTransfer.types].includes('Files')) return;
      event.preventDefault();
      section.classList.add('dropping');
    });
    section.addEventListener('dragleave', (event) => {
      if (event.target === section || !section.contains(event.relatedTarget)) section.classList.remove('dropping');
    });
    section.addEventListener('drop', (event) => {
      section.classList.remove('dropping');
      const files = event.dataTransfer ? [...event.dataTransfer.files] : [];
      if (!files.length) return;
      event.preventDefault();
      // What Web Chat's own attach button does: the files go out with the next message activity.
      stores[key].dispatch({
        type: 'WEB_CHAT/SEND_FILES',
        payload: { files: files.map((file) => ({ name: file.name, size: file.size, url: URL.createObjectURL(file) })) },
      });
    });
  }

  // ---- each pane's language: the Teams client locale its activities carry ----
  const panes = {};
  const WEB_CHAT_LOCALES = { en: 'en-US', de: 'de-DE', fr: 'fr-FR', es: 'es-ES', it: 'it-IT', nl: 'nl-NL' };

  function renderPane(key) {
    const { pane, element, store, directLine } = panes[key];
    window.WebChat.renderWebChat(
      {
        directLine,
        store,
        userID: pane.userID,
        username: pane.username,
        locale: WEB_CHAT_LOCALES[$(`language-${key}`).value] || 'en-US',
        styleOptions: {
          // The technician sends label photos and documents; agents have nothing to upload.
          hideUploadButton: key !== 'technician',
          sendAttachmentOn: 'attach',
          uploadAccept: 'image/*,application/pdf',
          uploadMultiple: true,
          // A textarea, so a pasted block of details keeps its line breaks (Shift+Enter adds one).
          sendBoxTextWrap: true,
          botAvatarInitials: 'CR',
          userAvatarInitials: key === 'technician' ? 'T' : 'A',
          bubbleMaxWidth: 640,
        },
      },
      element,
    );
  }

  async function chooseLanguage(key, locale) {
    if (key === 'support') await post('/playground/support-language', { locale }).catch(() => undefined);
    else sessionStorage.setItem(`camreset-language-${key}`, locale);
    renderPane(key);
  }

  async function start() {
    const session = await fetch('/playground/session', { cache: 'no-store' }).then(json);
    const rendered = [];
    for (const pane of session.panes) {
      const element = $(pane.key);
      titles[pane.key] = pane.title;
      const store = window.WebChat.createStore({}, () => (next) => (action) => {
        const activity = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' ? action.payload.activity : null;
        if (activity && activity.type === 'event' && activity.from && activity.from.role === 'bot') onDialogEvent(pane.key, activity);
        return next(action);
      });
      stores[pane.key] = store;
      if (pane.key === 'technician') acceptDrops(pane.key, element);
      const directLine = window.WebChat.createDirectLine({
        domain: `${location.origin}/v3/directline`,
        token: pane.token,
        conversationId: pane.conversationId,
        webSocket: false,
        pollingInterval: 250,
      });
      panes[pane.key] = { pane, element, store, directLine };
      const picker = $(`language-${pane.key}`);
      const saved = pane.key === 'support' ? session.supportLanguage : sessionStorage.getItem(`camreset-language-${pane.key}`);
      if (saved && [...picker.options].some((o) => o.value === saved)) picker.value = saved;
      picker.addEventListener('change', () => chooseLanguage(pane.key, picker.value));
      renderPane(pane.key);
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
