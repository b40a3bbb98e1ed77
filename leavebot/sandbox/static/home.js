// The chat page's sidebar (channels, the leavebot app), the app's Home tab and the demo clock.
// It builds on what app.js exposes (window.sandboxSlack); text goes into the DOM as text only.
"use strict";

(() => {
  const S = window.sandboxSlack;
  const $ = (id) => document.getElementById(id);
  const view = { home: false, clock: null };

  function renderSidebar() {
    const list = $("channel-list");
    list.replaceChildren();
    for (const c of S.state.channels) {
      const item = S.el("button", "sidebar-item", `# ${c.name}`);
      item.type = "button";
      item.dataset.testid = "channel-link";
      item.dataset.channel = c.id;
      if (!view.home && c.id === S.state.current) item.classList.add("active");
      item.addEventListener("click", () => showChannel(c.id));
      list.append(item);
    }
    $("app-home-link").classList.toggle("active", view.home);
  }

  function showChannel(id) {
    view.home = false;
    $("app-home").hidden = true;
    $("channel-pane").hidden = false;
    S.showChannel(id);
    renderSidebar();
  }

  async function openHome() {
    view.home = true;
    $("channel-pane").hidden = true;
    $("thread").hidden = true;
    $("app-home").hidden = false;
    renderSidebar();
    try {
      // What Slack does when a person opens the Home tab: app_home_opened to the app.
      await S.call("/home/open", { user: S.state.me });
    } catch (err) {
      S.toast(`Could not open Home: ${err.message}`);
    }
    await renderHome();
  }

  let homeSeq = 0;
  async function renderHome() {
    if (!view.home) return;
    const mine = (homeSeq += 1);
    let answer;
    try {
      answer = await S.call(`/home?user=${encodeURIComponent(S.state.me)}`);
    } catch (err) {
      S.toast(`Could not load Home: ${err.message}`);
      return;
    }
    if (mine !== homeSeq || !view.home) return;
    const body = $("app-home-body");
    body.replaceChildren();
    if (!answer.view) {
      body.append(S.el("div", "empty", "leavebot has not published a Home tab for you yet…"));
      return;
    }
    const owner = { home: true, ts: answer.view.id };
    for (const b of answer.view.blocks || []) body.append(S.renderBlock(b, owner));
  }

  // -- the demo's clock (only when the demo serves /sandbox/clock) -----------------

  async function loadClock() {
    try {
      const resp = await fetch("/sandbox/clock", { cache: "no-store" });
      if (!resp.ok) return;
      view.clock = await resp.json();
    } catch {
      return;
    }
    $("clock").hidden = false;
    $("clock-now").textContent = `Bot time ${view.clock.local}`;
    $("clock-now").title = `${view.clock.zone}; next digest ${view.clock.next_digest}`;
  }

  async function nextDigest() {
    const button = $("clock-digest");
    button.disabled = true;
    try {
      const resp = await fetch("/sandbox/clock", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ to: "next_digest" }),
      });
      const data = await resp.json().catch(() => ({}));
      if (!resp.ok) throw new Error(data.error || `HTTP ${resp.status}`);
      S.toast(`The bot's clock is now ${data.local}: the digest for ${data.day} posts now.`);
      await loadClock();
    } catch (err) {
      S.toast(`Could not move the clock: ${err.message}`);
    } finally {
      button.disabled = false;
    }
  }

  document.addEventListener("sandbox-slack-ready", () => {
    renderSidebar();
    $("app-home-link").addEventListener("click", openHome);
    $("clock-digest").addEventListener("click", nextDigest);
    loadClock();
    setInterval(loadClock, 30000);
  });
  document.addEventListener("sandbox-slack-change", () => {
    renderHome();
  });
  document.addEventListener("sandbox-slack-user", () => {
    if (view.home) openHome();
  });
})();
