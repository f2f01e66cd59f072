// Review queue: requests held by `review` rules. Approve or deny with a note; the server logs
// both in the audit log. Routes: GET /v1/admin/reviews, POST /v1/admin/reviews/{id}/approve|deny,
// GET /v1/admin/reviews/{id}/images/{n}.
"use strict";

Warden.views.reviews = {
  items: [],
  selected: -1,

  init() {
    const list = Warden.$("review-list");
    list.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") { event.preventDefault(); this.select(this.selected + 1); }
      if (event.key === "ArrowUp") { event.preventDefault(); this.select(this.selected - 1); }
    });
    list.addEventListener("focus", () => { if (this.selected < 0 && this.items.length) this.select(0); });
  },

  open() { this.load(); },

  async refreshCount() {
    const result = await Warden.api("GET", "/v1/admin/reviews?status=pending&limit=1000").catch(() => null);
    Warden.$("review-count").textContent = result && result.status === 200 ? (result.data.data.length || "") : "";
  },

  async load(keepID) {
    const result = await Warden.api("GET", "/v1/admin/reviews?status=pending");
    const list = Warden.$("review-list");
    if (result.status !== 200) {
      Warden.fill(list, Warden.el("li", { class: "empty" }, "The review queue is unavailable: " + Warden.errorMessage(result)));
      Warden.fill(Warden.$("review-detail"));
      return;
    }
    this.items = result.data.data;
    Warden.$("review-count").textContent = this.items.length || "";
    Warden.fill(list);
    list.setAttribute("aria-activedescendant", "");
    if (!this.items.length) {
      list.append(Warden.el("li", { class: "empty" }, "Nothing is waiting for review."));
      Warden.fill(Warden.$("review-detail"), Warden.el("p", { class: "muted" }, "No request selected."));
    }
    this.items.forEach((item, index) => {
      list.append(Warden.el("li", {
        id: "held-" + item.id, role: "option", "aria-selected": "false", "data-request-id": item.id,
        onclick: () => this.select(index),
      }, Warden.el("div", {}, Warden.decisionBadge("review"), " ", Warden.el("span", { class: "muted small" },
        `${item.stage} · ${new Date(item.created * 1000).toLocaleString()}`)), Warden.el("div", {}, item.prompt)));
    });
    this.selected = -1;
    const keep = this.items.findIndex((item) => item.id === keepID);
    if (this.items.length) this.select(keep >= 0 ? keep : 0, false);
    this.loadHistory();
  },

  async loadHistory() {
    const result = await Warden.api("GET", "/v1/admin/reviews?status=all&limit=20");
    const body = Warden.$("review-history").tBodies[0];
    Warden.fill(body);
    if (result.status !== 200) return;
    for (const item of result.data.data.filter((i) => i.status !== "pending")) {
      body.append(Warden.el("tr", { "data-request-id": item.id },
        Warden.el("td", { class: "mono small" }, item.id), Warden.el("td", {}, item.status),
        Warden.el("td", {}, item.prompt), Warden.el("td", { class: "mono small" }, item.reviewer_key_id || "—"),
        Warden.el("td", {}, item.note || "—")));
    }
  },

  select(index, focusList = true) {
    if (index < 0 || index >= this.items.length) return;
    const list = Warden.$("review-list");
    for (const option of list.querySelectorAll("li[role=option]")) option.setAttribute("aria-selected", "false");
    this.selected = index;
    const item = this.items[index];
    const option = Warden.$("held-" + item.id);
    option.setAttribute("aria-selected", "true");
    option.scrollIntoView({ block: "nearest" });
    list.setAttribute("aria-activedescendant", option.id);
    if (focusList) list.focus();
    this.showDetail(item);
  },

  showDetail(item) {
    const el = Warden.el.bind(Warden);
    const verdict = item.warden || {};
    const spans = (verdict.matched_spans || []).map((s) => [s.start, s.end]);
    const detail = Warden.$("review-detail");
    const images = el("div", { class: "record-images" });
    Warden.fill(detail,
      el("h3", {}, "Held request ", el("span", { class: "mono small" }, item.id)),
      el("div", { class: "prompt-box" }, Warden.views.log.marked(item.prompt, this.validSpans(spans, item.prompt))),
      el("dl", { class: "kv" },
        el("dt", {}, "Held at stage"), el("dd", {}, item.stage),
        el("dt", {}, "Request"), el("dd", {}, `${item.route}, n=${item.n}, ${item.size}${item.is_edit ? ", edit" : ""}`),
        el("dt", {}, "API key"), el("dd", { class: "mono" }, item.key_id || "—"),
        el("dt", {}, "Policy"), el("dd", {}, `${verdict.policy_id || ""} version ${verdict.policy_version || ""}`),
        el("dt", {}, "Decision id"), el("dd", { class: "mono" }, verdict.decision_id || "—"),
        el("dt", {}, "Rules"), el("dd", {}, el("ul", { class: "rules" }, (verdict.rules || []).map((rule) =>
          el("li", {}, el("strong", { class: "mono" }, rule.id), ": ", rule.explanation))))),
      images,
      el("label", { for: "review-note" }, "Note (logged with the decision)"),
      el("textarea", { id: "review-note", rows: 2, maxlength: 2000, "aria-keyshortcuts": "n" }),
      el("div", { class: "row" },
        el("button", { type: "button", class: "approve", id: "approve-button", "aria-keyshortcuts": "a",
          onclick: () => this.decide("approve") }, "Approve ", el("kbd", {}, "a")),
        el("button", { type: "button", class: "danger", id: "deny-button", "aria-keyshortcuts": "x",
          onclick: () => this.decide("deny") }, "Deny ", el("kbd", {}, "x")),
        verdict.decision_id ? el("button", { type: "button", onclick: () => Warden.views.log.openRecord(verdict.decision_id) },
          "Open the decision") : null));
    const note = Warden.$("review-note");
    note.addEventListener("keydown", (event) => {
      // In the note: Ctrl+Enter approves, Escape returns to the list.
      if (event.key === "Enter" && event.ctrlKey) { event.preventDefault(); event.stopPropagation(); this.decide("approve"); }
      if (event.key === "Escape") { event.preventDefault(); Warden.$("review-list").focus(); }
    });
    (item.held_images || []).forEach((path, n) => {
      Warden.image(path, `held image ${n + 1} of request ${item.id}`).then((img) => images.append(img));
    });
  },

  validSpans(spans, text) {
    return spans.filter(([start, end]) => start >= 0 && end <= text.length && start < end).sort((a, b) => a[0] - b[0]);
  },

  async decide(verb) {
    const item = this.items[this.selected];
    if (!item) return;
    const note = (Warden.$("review-note") || {}).value || "";
    const result = await Warden.api("POST", `/v1/admin/reviews/${encodeURIComponent(item.id)}/${verb}`,
      { json: note ? { note } : {} });
    if (result.status !== 200) {
      Warden.say(`Could not ${verb} ${item.id}: ` + Warden.errorMessage(result), "error");
      return;
    }
    Warden.say(`${verb === "approve" ? "Approved" : "Denied"} ${item.id}` + (note ? ` with the note "${note}"` : "") +
      "; logged in the audit log.", "ok");
    const next = this.items[this.selected + 1];
    await this.load(next && next.id);
    Warden.$("review-list").focus();
  },

  onKey(event) {
    if (event.key === "j") { this.select(this.selected + 1); return true; }
    if (event.key === "k") { this.select(this.selected - 1); return true; }
    if (event.key === "n" && Warden.$("review-note")) { Warden.$("review-note").focus(); return true; }
    if (event.key === "a") { this.decide("approve"); return true; }
    if (event.key === "x") { this.decide("deny"); return true; }
    return false;
  },
};
