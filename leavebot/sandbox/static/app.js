// The sandbox Slack chat page: the #leave channel, its threads, Block Kit and buttons.
// Every piece of text goes into the DOM through textContent / text nodes: no innerHTML.
"use strict";

(() => {
  const API = "/sandbox/slack";
  const state = {
    users: [],
    bot: null,
    channel: null,
    channels: [],
    current: null, // the channel shown (home.js may show the app's Home tab instead)
    messages: [],
    me: localStorage.getItem("sandbox-slack-user") || "",
    thread: null,
    files: { composer: [], thread: [] },
    highlight: decodeURIComponent(location.hash.slice(1)) || null,
    editing: null, // the ts of the message being edited, and its draft text
    draft: "",
    deleting: null, // the ts of the message whose deletion awaits a second click
  };

  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };

  // -- data ------------------------------------------------------------------

  async function call(path, body) {
    const options = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    };
    const resp = await fetch(API + path, options);
    const data = await resp.json().catch(() => ({}));
    if (!resp.ok) throw new Error(data.error || `HTTP ${resp.status}`);
    return data;
  }

  async function loadState() {
    const s = await call("/state");
    state.users = s.users;
    state.bot = s.bot;
    state.channel = s.channel;
    state.channels = s.channels || [s.channel];
    if (!state.channels.some((c) => c.id === state.current)) state.current = s.channel.id;
    showChannelName();
    const picker = $("user-picker");
    picker.replaceChildren();
    for (const u of s.users.filter((u) => !u.is_bot && !u.deleted)) {
      const label = u.registered ? u.real_name : `${u.real_name} (not registered)`;
      const option = el("option", null, label);
      option.value = u.id;
      picker.append(option);
    }
    if (!s.users.some((u) => u.id === state.me) && s.users.length) state.me = s.users[0].id;
    picker.value = state.me;
  }

  let refreshing = null;
  let again = false;
  async function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      try {
        do {
          again = false;
          state.messages = await call("/messages");
          render();
        } while (again);
      } catch (err) {
        toast(`Could not load messages: ${err.message}`);
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  function listen() {
    const status = $("status");
    if (!window.EventSource) {
      status.textContent = "polling";
      setInterval(refresh, 1500);
      return;
    }
    const source = new EventSource(API + "/events");
    source.addEventListener("change", () => {
      status.textContent = "live";
      refresh();
      document.dispatchEvent(new CustomEvent("sandbox-slack-change"));
    });
    source.onerror = () => { status.textContent = "reconnecting…"; };
  }

  // -- rendering -------------------------------------------------------------

  const visible = (m) => !m.ephemeral_to || m.ephemeral_to === state.me;
  const inCurrent = (m) => (m.channel || (state.channel && state.channel.id)) === state.current;
  const userById = (id) => state.users.find((u) => u.id === id);

  const shownInChannel = (m) => !m.thread_ts || m.subtype === "thread_broadcast";

  function currentChannel() {
    return state.channels.find((c) => c.id === state.current) || state.channel;
  }

  function showChannelName() {
    const name = currentChannel() ? currentChannel().name : "leave";
    $("channel-name").textContent = name;
    $("composer-input").placeholder = `Message #${name} (Enter to send, Shift+Enter for a new line)`;
    document.querySelector(".broadcast span").textContent = `#${name}`;
    document.title = `#${name} · sandbox Slack`;
  }

  function showChannel(id) {
    state.current = id;
    state.thread = null;
    showChannelName();
    render();
  }

  function render() {
    const top = state.messages.filter((m) => shownInChannel(m) && visible(m) && inCurrent(m));
    const list = $("messages");
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    list.replaceChildren();
    if (!top.length) list.append(el("div", "empty", "No messages yet. Say hello!"));
    for (const m of top) list.append(renderMessage(m, true));
    if (nearBottom) list.scrollTop = list.scrollHeight;
    renderThread();
    if (state.highlight) {
      const target = document.querySelector(`[data-ts="${CSS.escape(state.highlight)}"]`);
      if (target) target.scrollIntoView({ block: "center" });
    }
  }

  function renderThread() {
    const panel = $("thread");
    if (!state.thread) { panel.hidden = true; return; }
    const parent = state.messages.find((m) => m.ts === state.thread);
    if (!parent) { state.thread = null; panel.hidden = true; return; }
    panel.hidden = false;
    const box = $("thread-messages");
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.replaceChildren(renderMessage(parent, false));
    const replies = state.messages.filter((m) => m.thread_ts === state.thread && visible(m));
    box.append(el("div", "thread-count", `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`));
    for (const m of replies) box.append(renderMessage(m, false));
    if (nearBottom) box.scrollTop = box.scrollHeight;
  }

  function author(m) {
    if (m.bot_id && state.bot && m.bot_id === state.bot.bot_id) return { name: state.bot.real_name, app: true, key: m.bot_id };
    if (m.bot_id) return { name: m.username || m.bot_id, app: true, key: m.bot_id };
    const u = userById(m.user);
    if (m.user === "USLACKBOT") return { name: "Slackbot", app: false, key: m.user };
    return { name: u ? u.real_name : (m.user || "someone"), app: false, key: m.user || "?" };
  }

  function avatar(who) {
    const node = el("div", "avatar", who.name.split(/\s+/).map((p) => p[0] || "").join("").slice(0, 2).toUpperCase());
    let hash = 0;
    for (const ch of who.key) hash = (hash * 31 + ch.charCodeAt(0)) % 360;
    node.style.background = `hsl(${hash}, 45%, 42%)`;
    node.setAttribute("aria-hidden", "true");
    return node;
  }

  function timeOf(ts) {
    const date = new Date(parseFloat(ts) * 1000);
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function renderMessage(m, inChannel) {
    const who = author(m);
    const row = el("div", "message");
    row.dataset.ts = m.ts;
    row.dataset.testid = "message";
    if (m.ephemeral_to) row.classList.add("ephemeral");
    if (m.subtype === "channel_join" || m.subtype === "tombstone") row.classList.add("system");
    if (state.highlight === m.ts) row.classList.add("highlight");
    row.append(avatar(who));
    const body = el("div", "body");
    const meta = el("div", "meta");
    meta.append(el("span", "author", who.name));
    if (who.app) meta.append(el("span", "badge", "APP"));
    const time = el("span", "time", timeOf(m.ts));
    time.title = m.ts;
    meta.append(time);
    if (m.edited) meta.append(el("span", "edited", "(edited)"));
    if (m.ephemeral_to) meta.append(el("span", "only-you", "Only visible to you"));
    const mine = m.user === state.me && !m.bot_id && !m.ephemeral_to && !m.subtype;
    if (mine && state.editing !== m.ts) meta.append(ownActions(m));
    body.append(meta);
    if (inChannel && m.subtype === "thread_broadcast") {
      const note = el("button", "broadcast-note", "replied to a thread");
      note.type = "button";
      note.dataset.testid = "broadcast-note";
      note.addEventListener("click", () => openThread(m.thread_ts));
      body.append(note);
    }
    const content = el("div", "content");
    const blocks = (m.blocks || []).filter((b) => b.type !== "rich_text");
    if (mine && state.editing === m.ts) {
      content.append(editor(m));
    } else if (m.bot_id && blocks.length) {
      for (const b of m.blocks) content.append(renderBlock(b, m));
    } else {
      const text = el("div", "text");
      renderMrkdwn(m.text || "", text);
      content.append(text);
    }
    body.append(content);
    if ((m.files || []).length) {
      const files = el("div", "files");
      for (const f of m.files) {
        const chip = el("span", "file", `📄 ${f.name}`);
        chip.dataset.testid = "file";
        files.append(chip);
      }
      body.append(files);
    }
    if (inChannel && !m.thread_ts && !m.ephemeral_to && !row.classList.contains("system")) {
      const replies = state.messages.filter((r) => r.thread_ts === m.ts && visible(r));
      const link = el("button", "replies-link", replies.length
        ? `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`
        : "Reply in thread");
      link.type = "button";
      link.dataset.testid = "open-thread";
      link.addEventListener("click", () => openThread(m.ts));
      body.append(link);
    }
    row.append(body);
    return row;
  }

  // -- editing and deleting one's own message ------------------------------------

  function ownActions(m) {
    const box = el("span", "msg-actions");
    if (state.deleting === m.ts) {
      box.append(el("span", "confirm-text", "Delete this message?"));
      box.append(smallButton("Delete", "confirm-delete", () => removeMessage(m), "danger"));
      box.append(smallButton("Keep", "keep-message", () => { state.deleting = null; render(); }));
      return box;
    }
    box.append(smallButton("Edit", "edit-message", () => {
      state.editing = m.ts;
      state.draft = unescapeSlack(m.text || "");
      state.deleting = null;
      render();
    }));
    box.append(smallButton("Delete", "delete-message", () => { state.deleting = m.ts; render(); }));
    return box;
  }

  function smallButton(label, testid, onClick, style) {
    const button = el("button", `msg-action${style ? ` ${style}` : ""}`, label);
    button.type = "button";
    button.dataset.testid = testid;
    button.addEventListener("click", onClick);
    return button;
  }

  function editor(m) {
    const form = el("form", "edit-form");
    const input = el("textarea", "edit-input");
    input.value = state.draft;
    input.rows = 2;
    input.dataset.testid = "edit-input";
    input.addEventListener("input", () => { state.draft = input.value; });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        saveEdit(m);
      } else if (event.key === "Escape") {
        state.editing = null;
        render();
      }
    });
    const buttons = el("div", "edit-buttons");
    buttons.append(smallButton("Cancel", "edit-cancel", () => { state.editing = null; render(); }));
    const save = smallButton("Save", "edit-save", () => saveEdit(m), "primary");
    buttons.append(save);
    form.append(input, buttons);
    form.addEventListener("submit", (event) => { event.preventDefault(); saveEdit(m); });
    setTimeout(() => {
      if (document.activeElement === input) return;
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }, 0);
    return form;
  }

  async function saveEdit(m) {
    const text = state.draft.trim();
    if (!text) { toast("A message cannot be empty: delete it instead."); return; }
    if (text === unescapeSlack(m.text || "")) { state.editing = null; render(); return; }
    try {
      await call("/edit", { ts: m.ts, text, user: state.me });
      state.editing = null;
      await refresh();
    } catch (err) {
      toast(`Could not edit: ${err.message}`);
    }
  }

  async function removeMessage(m) {
    try {
      await call("/delete", { ts: m.ts, user: state.me });
      state.deleting = null;
      await refresh();
    } catch (err) {
      toast(`Could not delete: ${err.message}`);
    }
  }

  // -- Block Kit -------------------------------------------------------------

  function renderTextObject(obj, into) {
    if (!obj) return into;
    if (obj.type === "mrkdwn") renderMrkdwn(obj.text || "", into);
    else into.append(document.createTextNode(obj.text || ""));
    return into;
  }

  function renderBlock(b, m) {
    switch (b.type) {
      case "header":
        return renderTextObject(b.text, el("div", "block block-header"));
      case "section": {
        const node = el("div", "block block-section");
        const main = el("div", "section-main");
        if (b.text) main.append(renderTextObject(b.text, el("div", "text")));
        if (Array.isArray(b.fields)) {
          const grid = el("div", "fields");
          for (const f of b.fields) grid.append(renderTextObject(f, el("div", "text")));
          main.append(grid);
        }
        node.append(main);
        if (b.accessory) node.append(renderElement(b.accessory, m));
        return node;
      }
      case "context": {
        const node = el("div", "block block-context");
        for (const e of b.elements || []) {
          if (e.type === "image") node.append(el("span", null, e.alt_text || ""));
          else node.append(renderTextObject(e, el("span", "text")));
        }
        return node;
      }
      case "divider":
        return el("hr", "block block-divider");
      case "actions": {
        const node = el("div", "block block-actions");
        for (const e of b.elements || []) node.append(renderElement(e, m));
        return node;
      }
      case "rich_text":
        return renderRichText(b);
      case "image":
        return el("div", "block unsupported", `[image: ${b.alt_text || b.image_url || ""}]`);
      default:
        return el("div", "block unsupported", `[${b.type} block]`);
    }
  }

  function renderElement(e, m) {
    if (e.type !== "button") return el("span", "unsupported", `[${e.type}]`);
    const button = el("button", "sk-button", e.text ? e.text.text : "");
    button.type = "button";
    if (e.style === "primary" || e.style === "danger") button.classList.add(e.style);
    button.dataset.actionId = e.action_id || "";
    button.dataset.testid = "block-button";
    if (e.url) button.title = e.url;
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        if (m.home) await call("/home/click", { user: state.me, action_id: e.action_id });
        else await call("/click", { user: state.me, message_ts: m.ts, action_id: e.action_id });
        if (e.url && /^https?:\/\//.test(e.url)) window.open(e.url, "_blank", "noopener");
      } catch (err) {
        toast(`Click failed: ${err.message}`);
      } finally {
        setTimeout(() => { button.disabled = false; }, 400);
      }
    });
    return button;
  }

  function renderRichText(b) {
    const node = el("div", "block text");
    const walk = (elements, into) => {
      for (const e of elements || []) {
        if (e.type === "text") into.append(document.createTextNode(e.text || ""));
        else if (e.type === "link") into.append(link(e.url, e.text || e.url));
        else if (e.type === "user") into.append(el("span", "mention", `@${nameOf(e.user_id)}`));
        else if (e.type === "emoji") into.append(document.createTextNode(`:${e.name}:`));
        else if (e.elements) walk(e.elements, into);
      }
    };
    walk(b.elements, node);
    return node;
  }

  // -- mrkdwn, simply -----------------------------------------------------------

  const unescapeSlack = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const nameOf = (id) => { const u = userById(id); return u ? u.name : (state.bot && id === state.bot.user_id ? state.bot.name : id); };

  function link(url, label) {
    if (!/^(https?:|mailto:)/i.test(url)) return document.createTextNode(label);
    const a = el("a", null, label);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function renderMrkdwn(text, into) {
    const parts = text.split("```");
    parts.forEach((part, i) => {
      if (i % 2 === 1) into.append(el("pre", null, unescapeSlack(part.replace(/^\n/, ""))));
      else renderLines(part, into);
    });
    return into;
  }

  function renderLines(text, into) {
    text.split("\n").forEach((line, i) => {
      if (i) into.append(el("br"));
      if (line.startsWith("&gt; ") || line.startsWith("> ")) {
        const quote = el("blockquote");
        renderInline(line.replace(/^(&gt;|>) /, ""), quote);
        into.append(quote);
      } else {
        renderInline(line, into);
      }
    });
  }

  // An :emoji_code: is kept as typed, so the underscores of a code never turn into italics.
  const INLINE = /<([^<>]+)>|`([^`]+)`|(:[a-z0-9_+'-]+:)|\*([^*]+)\*|_([^_]+)_|~([^~]+)~/g;

  function renderInline(line, into) {
    let last = 0;
    for (const match of line.matchAll(INLINE)) {
      if (match.index > last) into.append(document.createTextNode(unescapeSlack(line.slice(last, match.index))));
      const [, angle, code, emoji, bold, italic, strike] = match;
      if (angle !== undefined) into.append(renderAngle(angle));
      else if (code !== undefined) into.append(el("code", null, unescapeSlack(code)));
      else if (emoji !== undefined) into.append(document.createTextNode(emoji));
      else if (bold !== undefined) renderInline(bold, into.appendChild(el("strong")));
      else if (italic !== undefined) renderInline(italic, into.appendChild(el("em")));
      else if (strike !== undefined) renderInline(strike, into.appendChild(el("s")));
      last = match.index + match[0].length;
    }
    if (last < line.length) into.append(document.createTextNode(unescapeSlack(line.slice(last))));
  }

  function renderAngle(inner) {
    const [target, label] = inner.split("|", 2);
    if (target.startsWith("@")) return el("span", "mention", `@${label || nameOf(target.slice(1))}`);
    if (target.startsWith("#")) return el("span", "mention", `#${label || (state.channel && target.slice(1) === state.channel.id ? state.channel.name : target.slice(1))}`);
    if (target.startsWith("!date^")) return document.createTextNode(unescapeSlack(label || target));
    if (target.startsWith("!")) return el("span", "mention", `@${target.slice(1).split("^")[0]}`);
    return link(unescapeSlack(target), unescapeSlack(label || target));
  }

  // -- actions -------------------------------------------------------------------

  function openThread(ts) {
    state.thread = ts;
    renderThread();
    $("thread-input").focus();
  }

  function which(input) {
    return input.id === "thread-input" ? "thread" : "composer";
  }

  function showFiles(key) {
    const box = $(key === "thread" ? "thread-files" : "composer-files");
    box.replaceChildren();
    for (const name of state.files[key]) box.append(el("span", "file", `📄 ${name}`));
  }

  function pickFiles(inputId, key) {
    $(inputId).addEventListener("change", (event) => {
      state.files[key] = Array.from(event.target.files || []).map((f) => f.name);
      event.target.value = "";
      showFiles(key);
    });
  }

  async function send(input, threadTs) {
    const text = input.value.trim();
    const key = which(input);
    const files = state.files[key];
    if (!text && !files.length) return;
    input.disabled = true;
    try {
      const body = { user: state.me, text };
      if (threadTs) body.thread_ts = threadTs;
      if (files.length) body.files = files.map((name) => ({ name }));
      if (threadTs && key === "thread" && $("thread-broadcast").checked) body.broadcast = true;
      if (state.channel && state.current !== state.channel.id) body.channel = state.current;
      await call("/post", body);
      input.value = "";
      state.files[key] = [];
      showFiles(key);
      if (key === "thread") $("thread-broadcast").checked = false;
      await refresh();
    } catch (err) {
      toast(`Could not send: ${err.message}`);
    } finally {
      input.disabled = false;
      input.focus();
    }
  }

  function onEnter(input, threadTs) {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send(input, threadTs());
      }
    });
  }

  let toastTimer = null;
  function toast(message) {
    const node = $("toast");
    node.textContent = message;
    node.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { node.hidden = true; }, 4000);
  }

  async function main() {
    await loadState();
    $("user-picker").addEventListener("change", (event) => {
      state.me = event.target.value;
      state.editing = null;
      state.deleting = null;
      localStorage.setItem("sandbox-slack-user", state.me);
      render();
      document.dispatchEvent(new CustomEvent("sandbox-slack-user"));
    });
    pickFiles("composer-file", "composer");
    pickFiles("thread-file", "thread");
    onEnter($("composer-input"), () => null);
    onEnter($("thread-input"), () => state.thread);
    $("composer").addEventListener("submit", (e) => { e.preventDefault(); send($("composer-input"), null); });
    $("thread-composer").addEventListener("submit", (e) => { e.preventDefault(); send($("thread-input"), state.thread); });
    $("thread-close").addEventListener("click", () => { state.thread = null; renderThread(); });
    await refresh();
    if (state.highlight) {
      const target = state.messages.find((m) => m.ts === state.highlight);
      if (target && target.thread_ts) openThread(target.thread_ts);
    }
    listen();
    document.dispatchEvent(new CustomEvent("sandbox-slack-ready"));
  }

  // What home.js (the sidebar, the app's Home tab, the demo clock) builds on.
  window.sandboxSlack = { state, call, el, renderBlock, render, showChannel, toast };

  main().catch((err) => toast(`The page could not start: ${err.message}`));
})();
