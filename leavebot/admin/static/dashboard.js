// leavebot admin dashboard: reads the JSON API with the admin token.
//
// The token is asked for once and kept in sessionStorage (this tab only); it
// goes as "Authorization: Bearer" on every call. A 401 forgets it and shows
// the sign-in form again with the server's message. Every value from the API
// is put in the page as text (textContent / text nodes), never as HTML.
"use strict";

(() => {
  const TOKEN_KEY = "leavebot.adminToken";
  const RECENT_LIMIT = 20;
  const FAILED_LIMIT = 50;
  const USERS_LIMIT = 200;
  const TARGET_NAMES = { calendar: "Calendar", harvest: "Harvest" };
  const CATEGORY_NAMES = { vacation: "vacation", sick: "sick leave" };
  const PORTION_NAMES = { full: "full day", am: "morning (AM)", pm: "afternoon (PM)" };
  const GAP_NAMES = { harvest_user_id: "no Harvest id", email: "no email" };
  const ZONE_SOURCES = {
    slack: "from Slack",
    admin: "set by an admin",
    company: "the company zone",
  };

  const $ = (id) => document.getElementById(id);

  class Unauthorized extends Error {}

  class ApiFailure extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // ------------------------------------------------------------ DOM helpers

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key === "testid") node.dataset.testid = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function badge(text, kind) {
    return el("span", { class: `badge ${kind || ""}`.trim(), text });
  }

  function table(headers, rows, testid) {
    return el(
      "div",
      { class: "table-wrap" },
      el(
        "table",
        { "data-testid": testid },
        el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, rows),
      ),
    );
  }

  function empty(text, testid) {
    return el("p", { class: "empty", testid, text });
  }

  function fill(id, ...nodes) {
    $(id).replaceChildren(...nodes);
  }

  function sectionError(id, err) {
    fill(id, el("p", { class: "message error", role: "alert", text: err.message }));
  }

  // ------------------------------------------------------------ formatting

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function isoDate(date) {
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }

  function localDate(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Date(y, m - 1, d);
  }

  function dayLabel(iso) {
    return localDate(iso).toLocaleDateString("en-GB", {
      weekday: "short",
      day: "numeric",
      month: "short",
    });
  }

  function timeLabel(iso, zone) {
    if (!iso) return "—";
    const options = { dateStyle: "medium", timeStyle: "short" };
    if (zone) options.timeZone = zone; // the person's own time, as the bot reads their dates
    try {
      return new Date(iso).toLocaleString("en-GB", options);
    } catch (error) {
      return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
    }
  }

  function typeLabel(leave) {
    if (leave.intent === "cancel") return "cancel";
    if (leave.intent === "change") return `change (${leave.category || "—"})`;
    return leave.category || "—";
  }

  function ageLabel(seconds) {
    if (seconds < 60) return `${Math.round(seconds)} s ago`;
    if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
    if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
    return `${Math.round(seconds / 86400)} d ago`;
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  function daysLabel(n) {
    return `${n} day${n === 1 ? "" : "s"}`;
  }

  function spanLabel(leave) {
    if (!leave.first_day) return "—";
    const range =
      leave.first_day === leave.last_day
        ? dayLabel(leave.first_day)
        : `${dayLabel(leave.first_day)} – ${dayLabel(leave.last_day)}`;
    return `${range} (${daysLabel(leave.day_count)})`;
  }

  function statusKind(status) {
    return (
      {
        completed: "ok",
        running: "ok",
        done: "ok",
        processing: "info",
        confirmed: "info",
        pending: "info",
        starting: "info",
        partial: "warn",
        restarting: "warn",
        expired: "muted",
        cancelled: "muted",
        superseded: "muted",
        stopping: "muted",
        stopped: "bad",
        failed: "bad",
      }[status] || ""
    );
  }

  function thisWeek() {
    const today = new Date();
    const monday = new Date(today.getFullYear(), today.getMonth(), today.getDate());
    monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
    const days = [];
    for (let i = 0; i < 7; i += 1) {
      days.push(isoDate(new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + i)));
    }
    return { from: days[0], to: days[6], days, today: isoDate(today) };
  }

  // ------------------------------------------------------------------ API

  async function api(method, path, payload) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) throw new Unauthorized("Sign in with the admin token.");
    let response;
    const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    try {
      response = await fetch(path, {
        method,
        headers,
        body: payload === undefined ? undefined : JSON.stringify(payload),
        cache: "no-store",
        credentials: "omit",
      });
    } catch (err) {
      throw new ApiFailure(0, "network", `The admin server did not answer (${err.message}).`);
    }
    let body = null;
    if ((response.headers.get("Content-Type") || "").startsWith("application/json")) {
      try {
        body = await response.json();
      } catch {
        body = null;
      }
    }
    const error = body && body.error ? body.error : null;
    if (response.status === 401) {
      const why = error ? error.message : "the token was refused";
      throw new Unauthorized(`The admin token was not accepted (${why}). Sign in again.`);
    }
    if (!response.ok) {
      throw new ApiFailure(
        response.status,
        error ? error.code : `http_${response.status}`,
        error ? error.message : `the server answered HTTP ${response.status}`,
      );
    }
    return body;
  }

  // ------------------------------------------------------------- sections

  function renderHealth(health) {
    const summary = $("health-summary");
    summary.replaceChildren(
      badge(health.status, health.status === "ok" ? "ok" : "warn"),
      ` database ${health.database} · Slack `,
      badge(health.slack.state, { connected: "ok", disconnected: "bad" }[health.slack.state]),
    );
    if (health.slack.detail) summary.title = health.slack.detail;
    if (!health.actors.length) {
      fill("health-body", empty("No heartbeats yet: no leavebot process has reported.", "no-actors"));
      return;
    }
    const rows = health.actors.map((a) =>
      el(
        "tr",
        {
          testid: "health-row",
          class: a.stale || a.state !== "running" ? "attention" : null,
        },
        el("td", { text: a.process }),
        el("td", { class: "strong", text: a.actor }),
        el("td", {}, badge(a.state, statusKind(a.state))),
        el("td", { class: "num", testid: "restarts", text: a.restarts }),
        el("td", {
          class: a.last_error ? "error-text" : "muted",
          testid: "last-error",
          text: a.last_error || "—",
        }),
        el(
          "td",
          { testid: "heartbeat", title: timeLabel(a.updated_at) },
          ageLabel(a.age_s),
          a.stale ? " " : null,
          a.stale ? badge("stale", "bad") : null,
        ),
      ),
    );
    fill(
      "health-body",
      table(["Process", "Actor", "State", "Restarts", "Last error", "Heartbeat"], rows, "health-table"),
    );
  }

  function renderFailed(page, health) {
    const lastErrors = new Map();
    for (const e of health ? health.last_sync_errors : []) {
      if (e.request_id !== null && !lastErrors.has(e.request_id)) lastErrors.set(e.request_id, e);
    }
    $("failed-summary").textContent = page.items.length
      ? plural(page.items.length, "request") + (page.next_cursor ? " (more not shown)" : "")
      : "";
    if (!page.items.length) {
      fill("failed-body", empty("No failed syncs.", "no-failed"));
      return;
    }
    const rows = page.items.map((leave) => {
      const reasons = leave.outcome && leave.outcome.failures.length ? leave.outcome.failures : [];
      const last = lastErrors.get(leave.id);
      const button = el("button", {
        type: "button",
        class: "button primary small",
        testid: "retry",
        text: "Retry",
        "aria-label": `Retry request ${leave.id}`,
      });
      button.addEventListener("click", () => retry(leave.id, button));
      return el(
        "tr",
        { testid: "failed-row", "data-request-id": leave.id },
        el("td", { class: "num" }, detailButton(leave.id)),
        el("td", { class: "strong", text: leave.user.display_name }),
        el("td", { text: spanLabel(leave) }),
        el(
          "td",
          { testid: "failure" },
          el("div", {}, badge(plural(leave.failed_days, "failed day"), "bad")),
          reasons.map((r) => el("div", { class: "error-text", text: r })),
          last
            ? el("div", {
                class: "muted small",
                text: `last ${TARGET_NAMES[last.target] || last.target} ${last.operation}: ${
                  last.error || "error"
                }`,
              })
            : null,
        ),
        el("td", { class: "actions" }, button),
      );
    });
    fill("failed-body", table(["Request", "Person", "Days", "What failed", ""], rows, "failed-table"));
  }

  function renderWhosOut(out, week) {
    $("whos-out-range").textContent = `${dayLabel(week.from)} – ${dayLabel(week.to)}`;
    if (!out.people.length) {
      fill("whos-out-body", empty("Nobody is out this week.", "nobody-out"));
      return;
    }
    const headers = ["Person", ...week.days.map(dayLabel), "Total"];
    const rows = out.people.map((person) => {
      const byDay = new Map();
      for (const d of person.days) {
        if (!byDay.has(d.date)) byDay.set(d.date, []);
        byDay.get(d.date).push(d);
      }
      const cells = week.days.map((iso) => {
        const entries = byDay.get(iso) || [];
        return el(
          "td",
          { class: `day${iso === week.today ? " today" : ""}`, "data-date": iso },
          entries.map((d) =>
            el(
              "span",
              { class: `out ${d.category} ${d.status}`, title: `request #${d.request_id}` },
              d.category,
              d.portion === "full" ? null : ` (${d.portion})`,
              d.status === "completed" ? null : ` · ${d.status}`,
            ),
          ),
        );
      });
      return el(
        "tr",
        { testid: "out-row" },
        el("td", { class: "strong", text: person.display_name }),
        cells,
        el("td", { class: "num", testid: "out-total", text: person.total_days }),
      );
    });
    fill("whos-out-body", table(headers, rows, "whos-out-table"));
  }

  function outcomeCell(leave) {
    const cell = el("td", { testid: "outcome" });
    if (leave.outcome && leave.outcome.state) {
      cell.append(badge(leave.outcome.state, statusKind(leave.outcome.state)));
    }
    for (const failure of leave.outcome ? leave.outcome.failures : []) {
      cell.append(el("div", { class: "error-text small", text: failure }));
    }
    if (leave.failed_days && !(leave.outcome && leave.outcome.failures.length)) {
      cell.append(el("div", { class: "error-text small", text: plural(leave.failed_days, "failed day") }));
    }
    if (!cell.childNodes.length) cell.textContent = "—";
    return cell;
  }

  function renderRecent(page) {
    $("recent-summary").textContent = page.items.length ? `newest ${page.items.length}` : "";
    if (!page.items.length) {
      fill("recent-body", empty("No leave requests yet.", "no-requests"));
      return;
    }
    const rows = page.items.map((leave) =>
      el(
        "tr",
        { testid: "request-row", "data-request-id": leave.id },
        el("td", { class: "num" }, detailButton(leave.id)),
        el(
          "td",
          {},
          el("div", { class: "strong", text: leave.user.display_name }),
          el("div", { class: "muted small quote", text: leave.source_text }),
        ),
        el("td", { text: spanLabel(leave) }),
        el("td", { text: typeLabel(leave) }),
        el("td", { testid: "status" }, badge(leave.status, statusKind(leave.status))),
        outcomeCell(leave),
        el("td", {
          class: "nowrap",
          title: leave.user.zone,
          text: timeLabel(leave.created_at, leave.user.zone),
        }),
      ),
    );
    fill(
      "recent-body",
      table(["Request", "Person", "Days", "Type", "Status", "Outcome", "Asked"], rows, "recent-table"),
    );
  }

  // -------------------------------------------------------------- one request

  let openRequest = null; // the id whose detail is shown, refreshed with the page

  function detailButton(id) {
    return el("button", {
      type: "button",
      class: "link",
      testid: "open-detail",
      text: `#${id}`,
      "aria-label": `Show request ${id}`,
      onclick: () => showDetail(id),
    });
  }

  function slotCell(day, which) {
    const slot = day.slots.find((s) => s.slot === which);
    const cell = el("td", { testid: `slot-${which}`, class: "slot" });
    if (!slot) {
      cell.textContent = "—"; // not asked for
      return cell;
    }
    if (slot.state === "booked") {
      cell.title = `day id ${slot.day_id}`;
      cell.append(
        badge("booked", statusKind(slot.day_status) === "bad" ? "bad" : "ok"),
        el("span", { class: "muted small", text: ` ${slot.day_status}` }),
      );
      if (slot.also_booked_by.length) {
        cell.append(
          el("div", {
            class: "error-text small",
            text: `also booked by ${slot.also_booked_by.map((r) => `#${r}`).join(", ")} (before the one-booking rule)`,
          }),
        );
      }
    } else if (slot.state === "taken") {
      cell.append(
        badge("skipped", "warn"),
        ` already booked by `,
        detailButton(slot.by_request_id),
        el("span", { class: "muted small", text: ` (${CATEGORY_NAMES[slot.by_category] || slot.by_category})` }),
      );
    } else {
      cell.append(el("span", { class: "muted", text: "not booked" }));
    }
    return cell;
  }

  function renderDetail(leave) {
    $("detail-title").textContent = `Request #${leave.id} · ${leave.user.display_name}`;
    $("detail-summary").replaceChildren(
      badge(leave.status, statusKind(leave.status)),
      ` ${leave.intent === "cancel" ? "cancel" : leave.category || ""} · ${spanLabel(leave)}`,
    );
    const parts = [el("p", { class: "muted small quote", text: leave.source_text })];
    if (leave.intent === "cancel") {
      parts.push(empty("A cancel books no half-day of its own.", "no-slots"));
    } else if (!leave.slots.length) {
      parts.push(empty("No day asked for.", "no-slots"));
    } else {
      const rows = leave.slots.map((day) =>
        el(
          "tr",
          { testid: "slot-row", "data-date": day.date },
          el("td", { class: "strong nowrap", text: dayLabel(day.date) }),
          el("td", { testid: "asked", text: PORTION_NAMES[day.asked] || day.asked }),
          slotCell(day, "am"),
          slotCell(day, "pm"),
        ),
      );
      parts.push(table(["Day", "Asked for", "Morning (AM)", "Afternoon (PM)"], rows, "slots-table"));
    }
    fill("detail-body", ...parts);
  }

  async function showDetail(id) {
    openRequest = id;
    $("detail").hidden = false;
    await loadDetail();
    $("detail").scrollIntoView({ block: "nearest" });
  }

  async function loadDetail() {
    const id = openRequest;
    if (id === null) return;
    try {
      const leave = await api("GET", `/api/leaves/${id}`);
      if (id === openRequest) renderDetail(leave);
    } catch (err) {
      if (err instanceof Unauthorized) {
        signOut(err.message);
        return;
      }
      if (id === openRequest) sectionError("detail-body", err);
    }
  }

  function closeDetail() {
    openRequest = null;
    $("detail").hidden = true;
    fill("detail-body");
    fill("detail-summary");
  }

  function renderPeople(users) {
    const gapsFirst = [...users.items].sort(
      (a, b) => Number(b.active && b.gaps.length > 0) - Number(a.active && a.gaps.length > 0),
    );
    const withGaps = users.items.filter((u) => u.active && u.gaps.length).length;
    const summary = $("people-summary");
    summary.replaceChildren(
      users.total === 1 ? "1 person" : `${users.total} people`,
      " · ",
      withGaps ? badge(`${withGaps} with mapping gaps`, "warn") : badge("no mapping gaps", "ok"),
      users.total > users.items.length ? ` (first ${users.items.length} shown)` : "",
    );
    if (!users.items.length) {
      fill("people-body", empty("No people yet: import them from Slack.", "no-people"));
      return;
    }
    const rows = gapsFirst.map((u) =>
      el(
        "tr",
        {
          testid: "person-row",
          "data-user-id": u.id,
          class: u.active && u.gaps.length ? "attention" : null,
        },
        el("td", { class: "strong", text: u.display_name }),
        el("td", { text: u.email || "—" }),
        el("td", { class: "num", text: u.harvest_user_id === null ? "—" : u.harvest_user_id }),
        el("td", { testid: "zone", title: ZONE_SOURCES[u.zone_source] || "", text: u.zone }),
        regionCell(u),
        el("td", {}, u.active ? badge("active", "ok") : badge("inactive", "muted")),
        el(
          "td",
          { testid: "gaps" },
          u.gaps.length ? u.gaps.map((g) => badge(GAP_NAMES[g] || g, "warn")) : "—",
        ),
      ),
    );
    fill(
      "people-body",
      table(
        ["Name", "Email", "Harvest id", "Time zone", "Holidays", "Active", "Mapping gaps"],
        rows,
        "people-table",
      ),
    );
  }

  // A person's public-holiday region: their own, or (empty) the company's. Changing it
  // changes how their next requests read; what is booked stays as it is.
  function regionCell(u) {
    const input = el("input", {
      type: "text",
      class: "region-input",
      value: u.holiday_region || "",
      placeholder: companyRegion ? `company's (${companyRegion})` : "company's",
      "aria-label": `Holiday region of ${u.display_name}`,
      testid: "region-input",
      size: 8,
      maxlength: 12,
      spellcheck: "false",
    });
    const save = el("button", {
      type: "submit",
      class: "button small",
      text: "Set",
      testid: "region-save",
    });
    const form = el("form", { class: "region-form", testid: "region-form" }, input, save);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const value = input.value.trim();
      save.disabled = true;
      try {
        const changed = await api("PATCH", `/api/users/${u.id}`, {
          holiday_region: value ? value : null,
        });
        const where = changed.holiday_region || "the company's region";
        notice(`${changed.display_name} now keeps the public holidays of ${where}.`, "ok");
        input.value = changed.holiday_region || "";
      } catch (err) {
        if (err instanceof Unauthorized) {
          signOut(err.message);
          return;
        }
        notice(`The region of ${u.display_name} was refused: ${err.message}`, "error");
      } finally {
        save.disabled = false;
      }
    });
    return el("td", { testid: "region" }, form);
  }

  let companyRegion = null;

  function renderDigest(digest) {
    const s = digest.settings;
    $("digest-summary").replaceChildren(
      s.enabled ? badge(`on, ${s.time} ${digest.timezone}`, "ok") : badge("off", "muted"),
    );
    const facts = el(
      "p",
      { class: "muted small", testid: "digest-facts" },
      `Channel: ${s.channel || "the leave channel"} · categories ${
        s.show_category ? "shown" : "private"
      } · nobody out: ${s.when_empty === "post" ? "a short line" : "no post"}` +
        (digest.next_at ? ` · next ${timeLabel(digest.next_at)}` : ""),
    );
    if (!digest.runs.length) {
      fill("digest-body", facts, empty("No digest posted yet.", "no-digests"));
      return;
    }
    const rows = digest.runs.map((r) =>
      el(
        "tr",
        { testid: "digest-row" },
        el("td", { text: dayLabel(r.day) }),
        el("td", {}, badge(r.status, { posted: "ok", skipped: "warn" }[r.status] || "muted")),
        el("td", {
          class: "num",
          text: r.people_today === null ? "—" : `${r.people_today} / ${r.people_later}`,
        }),
        el("td", { class: "muted small", text: r.reason || r.message_ts || "—" }),
      ),
    );
    fill("digest-body", facts, table(["Date", "Status", "Out today / later", "Note"], rows, "digest-table"));
  }

  // ---------------------------------------------------------- page states

  function clearData() {
    closeDetail();
    for (const id of ["health-body", "failed-body", "whos-out-body", "recent-body", "people-body", "digest-body"]) {
      fill(id);
    }
    for (const id of ["health-summary", "failed-summary", "whos-out-range", "recent-summary", "people-summary", "digest-summary"]) {
      fill(id);
    }
    hideNotice();
  }

  function showLogin(message) {
    clearData();
    $("dashboard").hidden = true;
    $("session-actions").hidden = true;
    $("login").hidden = false;
    const error = $("login-error");
    error.textContent = message || "";
    error.hidden = !message;
    $("token").focus();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    refreshing += 1; // answers still on their way are dropped
    showLogin(message);
  }

  function notice(text, kind) {
    const box = $("notice");
    box.textContent = text;
    box.className = `message ${kind}`;
    box.hidden = false;
  }

  function hideNotice() {
    const box = $("notice");
    box.textContent = "";
    box.hidden = true;
  }

  let refreshing = 0;

  async function refresh() {
    const mine = (refreshing += 1);
    const week = thisWeek();
    const calls = [
      api("GET", "/api/health"),
      api("GET", `/api/whos-out?from=${week.from}&to=${week.to}`),
      api("GET", `/api/leaves?limit=${RECENT_LIMIT}`),
      api("GET", `/api/leaves?failed=true&limit=${FAILED_LIMIT}`),
      api("GET", `/api/users?limit=${USERS_LIMIT}`),
      api("GET", "/api/digest"),
      api("GET", "/api/config/holiday_region"),
    ];
    const [health, out, recent, failed, users, digest, region] = await Promise.allSettled(calls);
    if (mine !== refreshing) return;
    const denied = [health, out, recent, failed, users, digest, region].find(
      (r) => r.status === "rejected" && r.reason instanceof Unauthorized,
    );
    if (denied) {
      signOut(denied.reason.message);
      return;
    }
    $("login").hidden = true;
    $("dashboard").hidden = false;
    $("session-actions").hidden = false;
    const show = (result, id, render) => {
      if (result.status === "fulfilled") render(result.value);
      else sectionError(id, result.reason);
    };
    show(health, "health-body", renderHealth);
    show(failed, "failed-body", (page) =>
      renderFailed(page, health.status === "fulfilled" ? health.value : null),
    );
    show(out, "whos-out-body", (value) => renderWhosOut(value, week));
    show(recent, "recent-body", renderRecent);
    companyRegion = region.status === "fulfilled" ? region.value.value : null;
    show(users, "people-body", renderPeople);
    show(digest, "digest-body", renderDigest);
    await loadDetail();
    if (mine !== refreshing) return;
    $("updated").textContent = `Updated ${new Date().toLocaleTimeString("en-GB")}`;
  }

  async function retry(id, button) {
    button.disabled = true;
    button.textContent = "Retrying…";
    try {
      const result = await api("POST", `/api/leaves/${id}/retry`);
      const queued = result.queued
        .map((q) => `${TARGET_NAMES[q.target] || q.target} (${daysLabel(q.day_ids.length)})`)
        .join(", ");
      notice(`Request #${id} is ${result.status} again: sync queued for ${queued}.`, "ok");
    } catch (err) {
      if (err instanceof Unauthorized) {
        signOut(err.message);
        return;
      }
      notice(`Retry of request #${id} was refused: ${err.message}`, "error");
    }
    await refresh();
  }

  // ------------------------------------------------------------- wiring

  function start() {
    $("login-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = $("token");
      const token = input.value.trim();
      input.value = "";
      if (!/^[\x21-\x7e]+$/.test(token)) {
        showLogin("A token is one word of printable ASCII characters.");
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, token);
      $("login-error").hidden = true;
      refresh();
    });
    $("refresh").addEventListener("click", () => {
      hideNotice();
      refresh();
    });
    $("sign-out").addEventListener("click", () => signOut(""));
    $("detail-close").addEventListener("click", closeDetail);
    if (sessionStorage.getItem(TOKEN_KEY)) refresh();
    else showLogin("");
  }

  start();
})();
