// Decision log: filters, the table (newest first, refusals highlighted, thumbnails) and the
// record view (prompt with matched spans, stage scores and latency, deciding rules, policy
// version, images, chain status). Routes: GET /v1/admin/audit, /audit/{id}, /audit/{id}/image/{n}.
"use strict";

Warden.views.log = {
  cursor: null,
  rows: [],
  selected: -1,
  loaded: false,

  init() {
    const form = Warden.$("log-filters");
    form.addEventListener("submit", (event) => { event.preventDefault(); this.load(); });
    form.addEventListener("reset", () => setTimeout(() => this.load(), 0));
    Warden.$("log-more").addEventListener("click", () => this.load({ more: true }));
    Warden.$("record-close").addEventListener("click", () => Warden.$("record-dialog").close());
    Warden.$("record-dialog").addEventListener("close", () => {
      const row = this.rows[this.selected];
      if (row) row.element.focus();
    });
  },

  open() { if (!this.loaded) this.load(); },

  /// The filter form as query arguments (datetime-local is local time; the API takes ISO 8601).
  query() {
    const form = new FormData(Warden.$("log-filters"));
    const params = new URLSearchParams();
    for (const [name, value] of form.entries()) {
      const text = String(value).trim();
      if (!text) continue;
      if (name === "since" || name === "until") params.set(name, new Date(text).toISOString());
      else params.set(name, text);
    }
    params.set("limit", "50");
    return params;
  },

  async load({ more = false } = {}) {
    const params = this.query();
    if (more && this.cursor) params.set("cursor", this.cursor);
    const result = await Warden.api("GET", "/v1/admin/audit?" + params.toString());
    if (result.status !== 200) {
      Warden.say("Could not read the log: " + Warden.errorMessage(result), "error");
      return;
    }
    this.loaded = true;
    const body = Warden.$("log-rows");
    if (!more) { Warden.fill(body); this.rows = []; this.selected = -1; }
    for (const record of result.data.data) this.addRow(record);
    this.cursor = result.data.next_cursor;
    Warden.$("log-more").hidden = !this.cursor;
    const filters = [...params.keys()].filter((k) => !["limit", "cursor"].includes(k));
    Warden.$("log-summary").textContent = `${this.rows.length} decision${this.rows.length === 1 ? "" : "s"} shown` +
      (filters.length ? ` (filtered by ${filters.join(", ")})` : "") + (this.cursor ? "; more below." : ".");
    if (!this.rows.length) {
      body.append(Warden.el("tr", {}, Warden.el("td", { colspan: 7, class: "muted" }, "No decision matches these filters.")));
    }
  },

  addRow(record) {
    const index = this.rows.length;
    const refused = record.action === "block";
    const rules = (record.deciding_rules || []).join(", ");
    const imageCell = Warden.el("td", {});
    const row = Warden.el("tr", {
      tabindex: "-1",
      class: refused ? "refused" : record.action === "review" ? "held" : "",
      "data-decision-id": record.decision_id,
      "aria-label": `${record.action} at ${Warden.formatTime(record.time)}: ${record.prompt}`,
      onclick: () => { this.select(index); this.openRecord(record.decision_id); },
      onkeydown: (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); this.openRecord(record.decision_id); }
      },
    },
    Warden.el("td", { class: "nowrap" }, Warden.formatTime(record.time)),
    Warden.el("td", {}, Warden.decisionBadge(record.action), refused ? Warden.el("span", { class: "visually-hidden" }, " (refused)") : null),
    Warden.el("td", {}, record.stage),
    Warden.el("td", { class: "prompt" }, record.prompt),
    Warden.el("td", { class: "mono small" }, rules || "—"),
    Warden.el("td", { class: "mono small" }, record.api_key_id || "—"),
    imageCell);
    // The first cell holds a real button, so the table is reachable with Tab as well as j/k.
    const open = Warden.el("button", { type: "button", class: "visually-hidden", "aria-label": "Open decision " + record.decision_id,
      onclick: (event) => { event.stopPropagation(); this.select(index); this.openRecord(record.decision_id); },
      onfocus: () => this.select(index, false) }, "Open");
    row.firstChild.prepend(open);
    Warden.$("log-rows").append(row);
    this.rows.push({ record, element: row });
    const hashes = record.image_hashes || [];
    if (hashes.length) {
      Warden.image(`/v1/admin/audit/${record.decision_id}/image/0`, `image 1 of ${hashes.length}`, "thumb")
        .then((img) => imageCell.append(img, hashes.length > 1 ? ` +${hashes.length - 1}` : ""));
    }
  },

  select(index, focus = true) {
    if (index < 0 || index >= this.rows.length) return;
    if (this.rows[this.selected]) this.rows[this.selected].element.classList.remove("selected");
    this.selected = index;
    const row = this.rows[index].element;
    row.classList.add("selected");
    if (focus) row.focus();
  },

  onKey(event) {
    if (event.key === "/") { Warden.$("f-q").focus(); return true; }
    if (event.key === "j") { this.select(Math.min(this.selected + 1, this.rows.length - 1)); return true; }
    if (event.key === "k") { this.select(Math.max(this.selected - 1, 0)); return true; }
    if (event.key === "Enter" && this.rows[this.selected] && event.target === document.body) {
      this.openRecord(this.rows[this.selected].record.decision_id);
      return true;
    }
    return false;
  },

  // ------------------------------------------------------------------ record view

  async openRecord(decisionID) {
    const result = await Warden.api("GET", "/v1/admin/audit/" + encodeURIComponent(decisionID));
    if (result.status !== 200) {
      Warden.say("Could not open the decision: " + Warden.errorMessage(result), "error");
      return;
    }
    const dialog = Warden.$("record-dialog");
    Warden.fill(Warden.$("record-body"), ...this.recordView(result.data));
    Warden.$("record-title").textContent = `Decision ${decisionID.slice(0, 8)}…: ${result.data.record.action}`;
    if (!dialog.open) dialog.showModal();
    Warden.$("record-close").focus();
  },

  recordView({ record, trace, chain }) {
    const el = Warden.el.bind(Warden);
    const decision = trace && trace.decision;
    const sameText = record.normalized_prompt === record.prompt;
    const normalizedSpans = this.spans(decision, record.normalized_prompt || "", "normalized");
    const spans = this.merge(this.spans(decision, record.prompt, "original").concat(sameText ? normalizedSpans : []));
    const parts = [];
    parts.push(el("h3", {}, "Prompt"),
      el("div", { class: "prompt-box", id: "record-prompt" }, this.marked(record.prompt, spans)),
      spans.length ? el("p", { class: "muted small" }, `${spans.length} matched span${spans.length === 1 ? "" : "s"} marked.`)
        : el("p", { class: "muted small" }, "No span of the prompt matched a deciding rule (category scores decided)."));
    if (!sameText && record.normalized_prompt) {
      parts.push(el("p", { class: "small" }, el("strong", {}, "Normalized (what the screens read): "),
        el("span", { class: "mono", id: "record-normalized" }, this.marked(record.normalized_prompt, normalizedSpans))));
    }
    const chainText = chain.intact ? "intact" : "BROKEN";
    parts.push(el("dl", { class: "kv" },
      el("dt", {}, "Decision"), el("dd", {}, Warden.decisionBadge(record.action), " at stage ", record.stage),
      el("dt", {}, "Time"), el("dd", {}, Warden.formatTime(record.time), el("span", { class: "muted" }, ` (${record.time})`)),
      el("dt", {}, "Decision id"), el("dd", { class: "mono" }, record.decision_id),
      el("dt", {}, "Route"), el("dd", { class: "mono" }, record.route),
      el("dt", {}, "API key"), el("dd", { class: "mono" }, record.api_key_id || "—"),
      el("dt", {}, "Policy"), el("dd", { id: "record-policy" }, `${record.policy_id} version ${record.policy_version}`,
        el("span", { class: "muted mono small" }, " sha256 " + (record.policy_sha256 || "").slice(0, 12))),
      el("dt", {}, "Chain"), el("dd", { id: "record-chain" },
        el("span", { class: chain.intact ? "chain-ok" : "chain-bad" }, chainText), " — ", chain.detail,
        el("span", { class: "muted mono small" }, ` (row ${record.sequence}, hash ${(record.row_hash || "").slice(0, 12)})`)),
      el("dt", {}, "Explanation"), el("dd", {}, record.explanation || "—")));

    parts.push(el("h3", {}, "Stages"), this.stagesTable(record.stages || []));

    parts.push(el("h3", {}, "Deciding rules"));
    if (decision && decision.deciding_rules && decision.deciding_rules.length) {
      parts.push(el("ul", { class: "rules", id: "record-rules" }, decision.deciding_rules.map((rule) => el("li", {},
        el("strong", { class: "mono" }, rule.rule_id), " ", Warden.decisionBadge(rule.action), ` (${rule.kind}) `,
        el("div", {}, rule.explanation),
        rule.suggestion ? el("div", { class: "muted" }, "Suggestion: " + rule.suggestion) : null,
        rule.overrides && rule.overrides.length ? el("div", { class: "muted" }, "Overrides: " + rule.overrides.join(", ")) : null))));
    } else if (record.deciding_rules && record.deciding_rules.length) {
      parts.push(el("ul", { class: "rules", id: "record-rules" }, record.deciding_rules.map((id) => el("li", { class: "mono" }, id))));
    } else {
      parts.push(el("p", { class: "muted", id: "record-rules" }, decision && decision.decided_by_default
        ? "No rule fired; the policy's default action decided." : "No deciding rules."));
    }
    if (trace && trace.unavailable) parts.push(el("p", { class: "muted" }, "Trace unavailable: " + trace.unavailable));
    if (trace && trace.reproduces === false) {
      parts.push(el("p", { class: "chain-bad" }, "Re-evaluating the stored input with the stored policy gives a different decision."));
    }
    if (decision && decision.trace) parts.push(this.traceDetails(decision.trace));

    const hashes = record.image_hashes || [];
    if (hashes.length) {
      const box = el("div", { class: "record-images" });
      parts.push(el("h3", {}, "Images"), box);
      hashes.forEach((hash, n) => {
        Warden.image(`/v1/admin/audit/${record.decision_id}/image/${n}`, `image ${n + 1}, sha256 ${hash.slice(0, 12)}`)
          .then((img) => box.append(img));
      });
    }
    return parts;
  },

  stagesTable(stages) {
    const el = Warden.el.bind(Warden);
    if (!stages.length) return el("p", { class: "muted" }, "No stage results recorded.");
    return el("table", { class: "grid", id: "record-stages" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Stage"), el("th", { scope: "col" }, "Latency"),
        el("th", { scope: "col" }, "Scores"))),
      el("tbody", {}, stages.map((stage) => {
        const latency = stage.latency_ms ?? stage.latency_milliseconds ?? stage.latencyMilliseconds;
        const scores = Object.entries(stage.scores || {}).sort((a, b) => b[1] - a[1]);
        return el("tr", {}, el("td", {}, stage.stage),
          el("td", { class: "nowrap" }, latency === undefined ? "—" : `${Number(latency).toFixed(1)} ms`),
          el("td", {}, scores.length ? scores.map(([name, value]) => el("div", { class: "small" },
            el("span", { class: "scorebar", style: { width: `${Math.round(Math.min(1, value) * 80)}px` } }), ` ${name} ${value.toFixed(3)}`))
            : el("span", { class: "muted" }, "—")));
      })));
  },

  traceDetails(trace) {
    const el = Warden.el.bind(Warden);
    const relevant = trace.filter((t) => t.fired || t.matched || t.overridden_by);
    return el("details", {}, el("summary", {}, `Trace: ${trace.length} rules evaluated, ${trace.filter((t) => t.fired).length} fired`),
      el("table", { class: "grid trace-table" },
        el("thead", {}, el("tr", {}, ["Rule", "Kind", "Action", "Matched", "Fired", "Evidence"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, (relevant.length ? relevant : trace).map((t) => el("tr", { class: t.fired ? "fired" : "" },
          el("td", { class: "mono" }, t.rule_id), el("td", {}, t.kind), el("td", {}, t.action + (t.mode === "shadow" ? " (shadow)" : "")),
          el("td", {}, t.matched ? "yes" : "no"),
          el("td", {}, t.fired ? "yes" : t.overridden_by ? "overridden by " + t.overridden_by : t.failed_condition || "no"),
          el("td", { class: "small" }, (t.evidence || []).map((e) => this.evidenceText(e)).join("; ")))))));
  },

  evidenceText(e) {
    const bits = [e.kind];
    if (e.category) bits.push(e.category);
    if (e.concept) bits.push(e.concept);
    if (e.score !== null && e.score !== undefined) bits.push(`score ${Number(e.score).toFixed(3)}`);
    if (e.threshold !== null && e.threshold !== undefined) bits.push(`≥ ${e.threshold}`);
    if (e.term) bits.push(`term "${e.term}"`);
    if (e.matched_text) bits.push(`"${e.matched_text}"`);
    if (e.nearest) bits.push(`nearest "${e.nearest}"`);
    return bits.join(" ");
  },

  /// Matched spans of `which` text ("original" or "normalized") in the deciding rules' evidence
  /// ([start, end) in UTF-16 units, as JavaScript strings count), merged.
  spans(decision, text, which) {
    if (!decision) return [];
    const overridden = new Set((decision.deciding_rules || []).flatMap((r) => r.overrides || []));
    const evidence = (decision.deciding_rules || []).flatMap((r) => r.evidence || [])
      .concat((decision.trace || []).filter((t) => t.fired || overridden.has(t.rule_id)).flatMap((t) => t.evidence || []));
    const spans = [];
    for (const e of evidence) {
      if (e.text !== which || e.start === null || e.start === undefined || e.end === undefined) continue;
      if (e.start < 0 || e.end > text.length || e.start >= e.end) continue;
      spans.push([e.start, e.end]);
    }
    return this.merge(spans);
  },

  merge(spans) {
    spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged = [];
    for (const span of spans) {
      const last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push([...span]);
    }
    return merged;
  },

  /// The prompt as text nodes with <mark> around the spans.
  marked(prompt, spans) {
    const nodes = [];
    let at = 0;
    for (const [start, end] of spans) {
      if (start > at) nodes.push(prompt.slice(at, start));
      nodes.push(Warden.el("mark", { class: "span", title: "matched by a rule" }, prompt.slice(start, end)));
      at = end;
    }
    if (at < prompt.length) nodes.push(prompt.slice(at));
    return nodes;
  },
};
