// Boshpana sandbox: draws the chats the server describes and sends what people do.
// The server renders message HTML (escaped); this file only places it and wires controls.
"use strict";

const TOKEN = document.querySelector('meta[name="sandbox-token"]').content;
const PANES = ["person", "lawyer", "coordinator"];
const panes = {};
let session = -1;
let choicesShown = false;
let busy = false;

function $(root, selector) {
  return root.querySelector(selector);
}

const status = { note: "", noteIsError: false, busy: null, error: null, notice: null };

function say(text, isError) {
  status.note = text || "";
  status.noteIsError = Boolean(isError);
  showStatus();
}

function showStatus() {
  const line = document.getElementById("status");
  const [text, isError] = status.error
    ? [status.error, true]
    : status.busy
      ? [status.busy, false]
      : status.note
        ? [status.note, status.noteIsError]
        : [status.notice || "", false];
  line.textContent = text;
  line.classList.toggle("error", isError);
}

async function post(action, body) {
  let response;
  try {
    response = await fetch("/api/" + action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Sandbox-Token": TOKEN },
      body: JSON.stringify(body),
    });
  } catch (error) {
    say("The sandbox is not answering. Is it still running?", true);
    return false;
  }
  if (!response.ok) {
    let message = response.statusText;
    try {
      message = (await response.json()).error || message;
    } catch (error) {
      // not JSON: keep the status text
    }
    say(message, true);
    return false;
  }
  return true;
}

// --- building the panes ---------------------------------------------------------------

function buildPane(key) {
  const root = document.getElementById("pane-template").content.firstElementChild.cloneNode(true);
  root.id = key;
  root.dataset.pane = key;
  const title = $(root, ".pane-title");
  title.id = key + "-title";
  root.setAttribute("aria-labelledby", title.id);
  const log = $(root, ".log");
  log.id = key + "-log";
  const textarea = $(root, "textarea");
  textarea.id = key + "-text";
  textarea.setAttribute("aria-label", "Message");
  const commands = $(root, ".commands");
  commands.id = key + "-commands";
  const menuButton = $(root, ".menu-button");
  menuButton.setAttribute("aria-controls", commands.id);
  const pane = {
    key, root, title, log, textarea, commands, menuButton,
    composer: $(root, ".composer"),
    startButton: $(root, ".start-button"),
    replying: $(root, ".replying"),
    toast: $(root, ".toast"),
    alert: $(root, ".alert"),
    items: new Map(),
    replyTo: null,
    pending: null,
    lastToast: 0,
    toastTimer: null,
    sentAt: 0,
  };
  wirePane(pane);
  if (key === "coordinator") {
    root.hidden = true;
  }
  if (key === "person") {
    const language = $(root, ".app-language");
    language.hidden = false;
    $(language, "select").addEventListener("change", (event) => {
      post("language", { language_code: event.target.value });
    });
  }
  document.getElementById("phones").append(root);
  return pane;
}

function wirePane(pane) {
  pane.composer.addEventListener("submit", (event) => {
    event.preventDefault();
    sendText(pane, pane.textarea.value);
  });
  pane.textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendText(pane, pane.textarea.value);
    }
  });
  pane.startButton.addEventListener("click", () => sendText(pane, "/start"));
  pane.menuButton.addEventListener("click", () => toggleMenu(pane, pane.commands.hidden));
  pane.commands.addEventListener("keydown", (event) => menuKeys(pane, event));
  pane.commands.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-command]");
    if (button) {
      toggleMenu(pane, false);
      sendText(pane, button.dataset.command);
    }
  });
  $(pane.root, ".cancel-reply").addEventListener("click", () => setReply(pane, null));
  $(pane.root, ".alert-ok").addEventListener("click", () => pane.alert.close());
  pane.log.addEventListener("click", (event) => logClick(pane, event));
  pane.log.addEventListener("keydown", (event) => logKeys(pane, event));
  pane.root.addEventListener("focusin", (event) => {
    if (!pane.log.contains(event.target)) {
      pane.pending = null;
    }
  });
}

async function sendText(pane, text) {
  if (!text.trim()) {
    return;
  }
  const body = { pane: pane.key, text };
  if (pane.replyTo !== null) {
    body.reply_to = pane.replyTo;
  }
  pane.sentAt = Date.now();
  if (await post("send", body)) {
    if (text === pane.textarea.value) {
      pane.textarea.value = "";
    }
    setReply(pane, null);
    say("");
  }
}

function toggleMenu(pane, open) {
  pane.commands.hidden = !open;
  pane.menuButton.setAttribute("aria-expanded", String(open));
  if (open) {
    const first = $(pane.commands, "button");
    if (first) {
      first.focus();
    }
  }
}

function menuKeys(pane, event) {
  const buttons = [...pane.commands.querySelectorAll("button")];
  const at = buttons.indexOf(document.activeElement);
  if (event.key === "Escape") {
    toggleMenu(pane, false);
    pane.menuButton.focus();
  } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    const step = event.key === "ArrowDown" ? 1 : -1;
    buttons[(at + step + buttons.length) % buttons.length].focus();
  }
}

function logClick(pane, event) {
  const key = event.target.closest(".keyboard button");
  if (key) {
    const item = key.closest(".msg");
    pane.pending = { after: Number(item.dataset.id) };
    post("press", {
      pane: pane.key,
      message_id: Number(item.dataset.id),
      row: Number(key.dataset.row),
      column: Number(key.dataset.column),
    });
    return;
  }
  const command = event.target.closest("button.command");
  if (command) {
    sendText(pane, command.dataset.command);
    return;
  }
  const reply = event.target.closest(".reply-button");
  if (reply) {
    setReply(pane, Number(reply.closest(".msg").dataset.id));
    return;
  }
  const quote = event.target.closest(".quote");
  if (quote) {
    showMessage(pane, Number(quote.dataset.target));
    return;
  }
  const spoiler = event.target.closest(".spoiler");
  if (spoiler) {
    spoiler.classList.add("revealed");
  }
}

function logKeys(pane, event) {
  const items = [...pane.log.children];
  if (!items.length) {
    return;
  }
  const current = document.activeElement.closest ? document.activeElement.closest(".msg") : null;
  const at = items.indexOf(current);
  let target = null;
  if (event.key === "ArrowDown") {
    target = items[Math.min(at + 1, items.length - 1)];
  } else if (event.key === "ArrowUp") {
    target = items[at < 0 ? items.length - 1 : Math.max(at - 1, 0)];
  } else if (event.key === "Home") {
    target = items[0];
  } else if (event.key === "End") {
    target = items[items.length - 1];
  } else if ((event.key === "r" || event.key === "R") && current && current === document.activeElement) {
    event.preventDefault();
    setReply(pane, Number(current.dataset.id));
    return;
  }
  if (target) {
    event.preventDefault();
    target.focus();
  }
}

function setReply(pane, messageId) {
  pane.replyTo = messageId;
  const item = messageId === null ? null : pane.items.get(messageId);
  pane.replying.hidden = !item;
  if (item) {
    const text = $(item, ".text").textContent.slice(0, 80);
    $(pane.replying, ".replying-text").textContent = "Replying to: " + text;
    pane.textarea.focus();
  } else {
    pane.replyTo = null;
  }
}

function showMessage(pane, messageId) {
  const item = pane.items.get(messageId);
  if (item) {
    item.scrollIntoView({ block: "center" });
    item.focus();
    item.classList.add("flash");
    setTimeout(() => item.classList.remove("flash"), 1500);
  }
}

// --- drawing the state ----------------------------------------------------------------

function fillSelect(select, entries, value) {
  select.replaceChildren(...entries.map((entry) => new Option(entry.name, entry.code)));
  select.value = value;
}

function showChoices(choices, options) {
  const scenario = document.getElementById("scenario");
  for (const entry of choices.scenarios) {
    const group = document.createElement("optgroup");
    group.label = entry.title;
    for (const stop of entry.stops) {
      group.append(new Option("… up to: " + stop.title, entry.key + ":" + stop.step));
    }
    scenario.append(group);
  }
  fillSelect(document.getElementById("lawyer-locale"), choices.lawyer_locales, options.lawyer_locale);
  const clock = options.clock === "Real time" ? "real" : "fixed";
  fillSelect(document.getElementById("clock"), choices.clocks, clock);
  fillSelect($(panes.person.root, ".app-language select"), choices.languages, options.language_code);
  choicesShown = true;
}

function render(state) {
  if (!choicesShown && state.choices) {
    showChoices(state.choices, state.options);
  }
  busy = Boolean(state.busy);
  document.body.toggleAttribute("data-busy", busy);
  status.busy = state.busy;
  status.error = state.error;
  status.notice = state.notice;
  showStatus();
  if (state.session !== session) {
    session = state.session;
    for (const pane of Object.values(panes)) {
      pane.items.clear();
      pane.log.replaceChildren();
      pane.lastToast = 0;
      setReply(pane, null);
    }
  }
  $(panes.person.root, ".app-language select").value = state.options.language_code;
  for (const key of PANES) {
    if (state.panes[key]) {
      renderPane(panes[key], state.panes[key]);
    }
  }
}

function renderPane(pane, view) {
  pane.title.textContent = view.title;
  pane.log.setAttribute("aria-label", view.title + ": chat with the bot");
  const log = pane.log;
  const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  const hadFocus = pane.root.contains(document.activeElement);
  const seen = new Set();
  let previous = null;
  let added = false;
  for (const message of view.messages) {
    seen.add(message.id);
    let item = pane.items.get(message.id);
    if (!item) {
      item = document.createElement("li");
      item.tabIndex = -1;
      item.dataset.id = message.id;
      pane.items.set(message.id, item);
      added = true;
    }
    const rev = JSON.stringify(message);
    if (item.dataset.rev !== rev) {
      item.dataset.rev = rev;
      drawMessage(item, message);
    }
    if (previous ? previous.nextElementSibling !== item : log.firstElementChild !== item) {
      if (previous) {
        previous.after(item);
      } else {
        log.prepend(item);
      }
    }
    previous = item;
  }
  for (const [id, item] of pane.items) {
    if (!seen.has(id)) {
      item.remove();
      pane.items.delete(id);
      if (pane.replyTo === id) {
        setReply(pane, null);
      }
    }
  }
  if (added && (nearBottom || pane.pending || pane.sentAt > Date.now() - 10000)) {
    log.scrollTop = log.scrollHeight;
  }
  const empty = view.messages.length === 0;
  pane.startButton.hidden = !empty;
  pane.composer.hidden = empty;
  drawCommands(pane, view.commands);
  drawToasts(pane, view.toasts);
  restoreFocus(pane, hadFocus);
}

function restoreFocus(pane, hadFocus) {
  const lost = !document.activeElement || document.activeElement === document.body;
  if (pane.pending && (lost || pane.log.contains(document.activeElement))) {
    const withKeys = [...pane.log.querySelectorAll(".msg")].filter(
      (item) => Number(item.dataset.id) >= pane.pending.after && $(item, ".keyboard button"),
    );
    const target = withKeys.length ? $(withKeys[withKeys.length - 1], ".keyboard button") : null;
    if (target && target !== document.activeElement) {
      target.focus();
      return;
    }
  }
  if (hadFocus && lost) {
    pane.log.focus();
  }
}

function drawMessage(item, message) {
  item.className = "msg " + (message.outgoing ? "out" : "in");
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (message.reply) {
    const quote = document.createElement("button");
    quote.type = "button";
    quote.className = "quote";
    quote.dataset.target = message.reply.id;
    const name = document.createElement("strong");
    name.textContent = message.reply.name;
    quote.append(name, message.reply.text);
    bubble.append(quote);
  }
  if (message.document) {
    const doc = document.createElement("div");
    doc.className = "doc";
    const link = document.createElement("a");
    link.href = message.document.url;
    link.download = message.document.name;
    link.textContent = "📄 " + message.document.name;
    const size = document.createElement("span");
    size.className = "size";
    size.textContent = message.document.size;
    doc.append(link, size);
    bubble.append(doc);
  }
  if (message.media) {
    const media = document.createElement("div");
    media.className = "media";
    media.textContent = message.media;
    bubble.append(media);
  }
  const text = document.createElement("div");
  text.className = "text";
  text.innerHTML = message.html; // escaped by the server (bot/cli/sandbox/view.py)
  bubble.append(text);
  const meta = document.createElement("div");
  meta.className = "meta";
  if (message.edited) {
    const edited = document.createElement("span");
    edited.textContent = "edited";
    meta.append(edited);
  }
  const time = document.createElement("span");
  time.className = "time";
  time.textContent = message.time;
  meta.append(time);
  bubble.append(meta);
  const reply = document.createElement("button");
  reply.type = "button";
  reply.className = "reply-button";
  reply.tabIndex = -1;
  reply.setAttribute("aria-label", "Reply");
  reply.textContent = "↩";
  const parts = [bubble];
  if (message.keyboard.length) {
    parts.push(drawKeyboard(message.keyboard));
  }
  parts.push(reply);
  item.replaceChildren(...parts);
}

function drawKeyboard(rows) {
  const keyboard = document.createElement("div");
  keyboard.className = "keyboard";
  rows.forEach((row, rowIndex) => {
    const line = document.createElement("div");
    line.className = "row";
    row.forEach((button, columnIndex) => {
      let key;
      if (button.url) {
        key = document.createElement("a");
        key.href = button.url;
        key.target = "_blank";
        key.rel = "noopener noreferrer";
      } else {
        key = document.createElement("button");
        key.type = "button";
        key.disabled = !button.press;
        key.dataset.row = rowIndex;
        key.dataset.column = columnIndex;
      }
      key.textContent = button.text;
      line.append(key);
    });
    keyboard.append(line);
  });
  return keyboard;
}

function drawCommands(pane, commands) {
  const rev = JSON.stringify(commands);
  if (pane.commands.dataset.rev === rev) {
    return;
  }
  pane.commands.dataset.rev = rev;
  pane.menuButton.hidden = commands.length === 0;
  pane.commands.replaceChildren(
    ...commands.map((command) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.command = "/" + command.command;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = "/" + command.command;
      button.append(name, command.description);
      item.append(button);
      return item;
    }),
  );
}

function drawToasts(pane, toasts) {
  const fresh = toasts.filter((toast) => toast.id > pane.lastToast);
  if (!fresh.length) {
    return;
  }
  pane.lastToast = fresh[fresh.length - 1].id;
  for (const toast of fresh) {
    if (toast.alert) {
      $(pane.alert, "p").textContent = toast.text;
      if (!pane.alert.open) {
        pane.alert.showModal();
      }
    } else {
      pane.toast.textContent = toast.text;
      pane.toast.hidden = false;
      clearTimeout(pane.toastTimer);
      pane.toastTimer = setTimeout(() => {
        pane.toast.hidden = true;
      }, 4000);
    }
  }
}

// --- start ----------------------------------------------------------------------------

function start() {
  for (const key of PANES) {
    panes[key] = buildPane(key);
  }
  document.getElementById("show-coordinator").addEventListener("change", (event) => {
    panes.coordinator.root.hidden = !event.target.checked;
  });
  document.getElementById("controls").addEventListener("submit", async (event) => {
    event.preventDefault();
    const [scenario, upto] = document.getElementById("scenario").value.split(":");
    document.getElementById("reset").disabled = true;
    say("Starting a fresh sandbox…");
    const done = await post("reset", {
      scenario: scenario || null,
      upto: upto === undefined ? -1 : Number(upto),
      lawyer_locale: document.getElementById("lawyer-locale").value,
      clock: document.getElementById("clock").value,
      language_code: $(panes.person.root, ".app-language select").value,
    });
    document.getElementById("reset").disabled = false;
    if (done) {
      say(scenario ? "" : "A fresh sandbox is ready.");
    }
  });
  const events = new EventSource("/api/events");
  events.addEventListener("state", (event) => render(JSON.parse(event.data)));
  events.addEventListener("error", () => {
    say("Lost the connection to the sandbox; trying again…", true);
  });
}

start();
