// Policy editing: the candidate in an editor with errors marked at their line, a dry run of a
// prompt, a replay of the candidate over the last N logged requests, saving as a new version
// with a comment, the version list with a diff view, and rollback.
// Routes: /v1/admin/policies/{current, validate, dry-run, replay, versions, diff, rollback}.
"use strict";

Warden.views.policy = {
  loaded: false,
  running: null,
  errorLine: null,

  init() {
    const editor = Warden.$("policy-editor");
    editor.addEventListener("input", () => { this.clearError(); this.renderGutter(); });
    editor.addEventListener("scroll", () => { Warden.$("editor-gutter").scrollTop = editor.scrollTop; });
    editor.addEventListener("keydown", (event) => {
      // Tab inserts two spaces (YAML); Escape then Tab leaves the editor, so focus is never trapped.
      if (event.key === "Escape") { editor.dataset.leave = "1"; return; }
      if (event.key === "Tab" && !event.shiftKey && !editor.dataset.leave) {
        event.preventDefault();
        editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
        this.renderGutter();
        return;
      }
      delete editor.dataset.leave;
    });
    Warden.$("policy-check").addEventListener("click", () => this.check());
    Warden.$("policy-revert").addEventListener("click", () => this.loadCurrent(true));
    Warden.$("policy-save").addEventListener("submit", (event) => { event.preventDefault(); this.save(); });
    Warden.$("dry-run").addEventListener("submit", (event) => { event.preventDefault(); this.dryRun(); });
    Warden.$("replay").addEventListener("submit", (event) => { event.preventDefault(); this.replay(); });
  },

  open() {
    if (!this.loaded) this.loadCurrent(true);
    this.loadVersions();
  },

  async loadCurrent(replaceText) {
    const result = await Warden.api("GET", "/v1/admin/policies/current");
    if (result.status !== 200) {
      Warden.say("Could not read the policy: " + Warden.errorMessage(result), "error");
      return;
    }
    this.loaded = true;
    this.running = result.data;
    const p = result.data;
    Warden.$("policy-meta").textContent = `Running: ${p.id} version ${p.version}` +
      (p.revision ? `, revision ${p.revision}` : "") + ` — ${p.rules} rules, default ${p.default_action}, sha256 ${p.sha256.slice(0, 12)}`;
    if (replaceText) {
      Warden.$("policy-editor").value = p.text || "";
      this.clearError();
      this.renderGutter();
    }
  },

  renderGutter() {
    const editor = Warden.$("policy-editor");
    const count = editor.value.split("\n").length;
    const gutter = Warden.$("editor-gutter");
    const lines = [];
    for (let n = 1; n <= count; n++) {
      lines.push(Warden.el("span", { class: n === this.errorLine ? "error-line" : "", "data-line": n }, n));
    }
    Warden.fill(gutter, ...lines);
    gutter.scrollTop = editor.scrollTop;
  },

  clearError() {
    if (this.errorLine === null && !Warden.$("editor-error").textContent) return;
    this.errorLine = null;
    Warden.$("editor-error").textContent = "";
    Warden.$("policy-editor").removeAttribute("aria-invalid");
    for (const span of Warden.$("editor-gutter").querySelectorAll(".error-line")) span.className = "";
  },

  /// Shows a 422's error at its line and column, moves the caret there and scrolls to it.
  showError(error) {
    const editor = Warden.$("policy-editor");
    const line = error.line || null;
    const column = error.column || 1;
    this.errorLine = line;
    editor.setAttribute("aria-invalid", "true");
    Warden.$("editor-error").textContent = (line ? `Line ${line}, column ${column}: ` : "") + error.message;
    this.renderGutter();
    if (line) {
      const lines = editor.value.split("\n");
      let offset = 0;
      for (let n = 0; n < line - 1 && n < lines.length; n++) offset += lines[n].length + 1;
      offset += Math.max(0, Math.min(column - 1, (lines[line - 1] || "").length));
      editor.focus();
      editor.setSelectionRange(offset, offset);
      const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 17;
      editor.scrollTop = Math.max(0, (line - 5) * lineHeight);
      Warden.$("editor-gutter").scrollTop = editor.scrollTop;
    }
  },

  /// Validates the candidate without saving it. Returns true when it compiles.
  async check() {
    const result = await Warden.api("POST", "/v1/admin/policies/validate", { text: Warden.$("policy-editor").value });
    if (result.status === 422) {
      this.showError(result.data.error);
      Warden.say("The candidate does not compile.", "error");
      return false;
    }
    if (result.status !== 200) {
      Warden.say("Could not check the policy: " + Warden.errorMessage(result), "error");
      return false;
    }
    this.clearError();
    const c = result.data.candidate;
    const changes = this.diffSummary(result.data.diff);
    Warden.say(`The candidate compiles: ${c.id} version ${c.version}, ${c.rules} rules. Changes against the running policy: ${changes}.`, "ok");
    return true;
  },

  diffSummary(diff) {
    if (!diff) return "none";
    const parts = [];
    if (diff.added.length) parts.push("added " + diff.added.join(", "));
    if (diff.removed.length) parts.push("removed " + diff.removed.join(", "));
    if (diff.changed.length) parts.push("changed " + diff.changed.map((c) => c.rule_id).join(", "));
    const fields = Object.keys(diff.policy_fields || {});
    if (fields.length) parts.push("policy fields " + fields.join(", "));
    return parts.length ? parts.join("; ") : "none";
  },

  async save() {
    const comment = Warden.$("save-comment").value.trim();
    if (!comment) { Warden.$("save-comment").focus(); return; }
    const result = await Warden.api("PUT", "/v1/admin/policies/current?comment=" + encodeURIComponent(comment),
      { text: Warden.$("policy-editor").value });
    if (result.status === 422) {
      this.showError(result.data.error);
      Warden.say("Not saved: the candidate does not compile.", "error");
      return;
    }
    if (result.status !== 200) {
      Warden.say("Not saved: " + Warden.errorMessage(result), "error");
      return;
    }
    this.clearError();
    Warden.$("save-comment").value = "";
    Warden.say(`Saved and running: ${result.data.id} version ${result.data.version}` +
      (result.data.revision ? `, revision ${result.data.revision}` : "") + ".", "ok");
    await this.loadCurrent(false);
    await this.loadVersions();
  },

  async dryRun() {
    const prompt = Warden.$("dry-prompt").value;
    if (!prompt.trim()) { Warden.$("dry-prompt").focus(); return; }
    const body = { prompt };
    if (Warden.$("dry-candidate").checked) body.yaml = Warden.$("policy-editor").value;
    const out = Warden.$("dry-result");
    Warden.fill(out, Warden.el("p", { class: "muted" }, "Deciding…"));
    const result = await Warden.api("POST", "/v1/admin/policies/dry-run", { json: body });
    if (result.status === 422) {
      this.showError(result.data.error);
      Warden.fill(out, Warden.el("p", { class: "error-text" }, "The candidate does not compile; see the editor."));
      return;
    }
    if (result.status !== 200) {
      Warden.fill(out, Warden.el("p", { class: "error-text" }, Warden.errorMessage(result)));
      return;
    }
    const el = Warden.el.bind(Warden);
    const { decision, warden, category_scores: scores, normalized_prompt: normalized } = result.data;
    const spans = (warden.matched_spans || []).map((s) => [s.start, s.end])
      .filter(([a, b]) => a >= 0 && b <= prompt.length && a < b).sort((x, y) => x[0] - y[0]);
    const top = Object.entries(scores || {}).sort((a, b) => b[1] - a[1]).slice(0, 5);
    Warden.fill(out,
      el("p", { id: "dry-decision" }, "Decision: ", Warden.decisionBadge(decision.action),
        ` under ${result.data.policy.id} ${result.data.policy.version}` + (body.yaml ? " (candidate)" : " (running)")),
      el("div", { class: "prompt-box" }, Warden.views.log.marked(prompt, spans)),
      normalized && normalized !== prompt ? el("p", { class: "small muted" }, "Normalized: " + normalized) : null,
      el("ul", { class: "rules" }, (decision.deciding_rules || []).map((r) => el("li", {},
        el("strong", { class: "mono" }, r.rule_id), " ", Warden.decisionBadge(r.action), " ", r.explanation))),
      decision.decided_by_default ? el("p", { class: "muted" }, "No rule fired; the default action decided.") : null,
      el("p", { class: "small" }, "Top category scores: " + top.map(([k, v]) => `${k} ${v.toFixed(3)}`).join(", ")),
      Warden.views.log.traceDetails(decision.trace || []));
  },

  async replay() {
    const limit = parseInt(Warden.$("replay-limit").value, 10) || 200;
    const out = Warden.$("replay-result");
    Warden.fill(out, Warden.el("p", { class: "muted" }, "Replaying…"));
    const result = await Warden.api("POST", "/v1/admin/policies/replay", { json: { yaml: Warden.$("policy-editor").value, limit } });
    if (result.status === 422) {
      this.showError(result.data.error);
      Warden.fill(out, Warden.el("p", { class: "error-text" }, "The candidate does not compile; see the editor."));
      return;
    }
    if (result.status !== 200) {
      Warden.fill(out, Warden.el("p", { class: "error-text" }, Warden.errorMessage(result)));
      return;
    }
    const el = Warden.el.bind(Warden);
    const r = result.data.report;
    const transitions = Object.entries(r.transitions || {});
    Warden.fill(out,
      el("p", { id: "replay-summary" }, `Replayed ${r.replayed} of the last ${result.data.requested} logged requests: `,
        el("strong", {}, `${r.changed} would change`), `, ${r.unchanged} unchanged` + (r.skipped ? `, ${r.skipped} skipped (no stored input)` : "") + "."),
      transitions.length ? el("p", {}, "Transitions: " + transitions.map(([k, v]) => `${k.replace("->", " → ")}: ${v}`).join(", ")) : null,
      (r.examples || []).length ? el("table", { class: "grid", id: "replay-examples" },
        el("thead", {}, el("tr", {}, ["Prompt", "Now", "Candidate", "Rules now → candidate"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, r.examples.map((x) => el("tr", {},
          el("td", {}, el("button", { type: "button", class: "linkish", onclick: () => Warden.views.log.openRecord(x.decision_id),
            "aria-label": "Open the logged decision" }, x.prompt)),
          el("td", {}, Warden.decisionBadge(x.from)), el("td", {}, Warden.decisionBadge(x.to)),
          el("td", { class: "mono small" }, `${(x.previous_rules || []).join(", ") || "—"} → ${(x.candidate_rules || []).join(", ") || "—"}`)))))
        : null);
  },

  // ------------------------------------------------------------------ versions, diff, rollback

  async loadVersions() {
    const result = await Warden.api("GET", "/v1/admin/policies/versions");
    const body = Warden.$("versions-table").tBodies[0];
    if (result.status !== 200) {
      Warden.fill(body, Warden.el("tr", {}, Warden.el("td", { colspan: 6 }, Warden.errorMessage(result))));
      return;
    }
    const el = Warden.el.bind(Warden);
    Warden.fill(body, ...result.data.data.map((v) => el("tr", { "data-revision": v.revision, class: v.running ? "fired" : "" },
      el("td", {}, `r${v.revision}`, v.running ? el("span", { class: "badge" }, "running") : null),
      el("td", {}, v.version), el("td", { class: "nowrap" }, Warden.formatTime(v.time)),
      el("td", { class: "mono small" }, v.author_key_id || "—"), el("td", {}, v.comment || "—"),
      el("td", { class: "row" },
        el("button", { type: "button", class: "diff-button", onclick: () => this.showDiff(v.revision),
          "aria-label": `Diff revision ${v.revision} against the running policy` }, "Diff"),
        el("button", { type: "button", onclick: () => this.loadRevision(v.revision),
          "aria-label": `Load revision ${v.revision} into the editor` }, "Edit"),
        v.running ? null : el("button", { type: "button", class: "rollback-button", onclick: (e) => this.askRollback(v, e.currentTarget),
          "aria-label": `Roll back to revision ${v.revision}` }, "Roll back")))));
  },

  async loadRevision(revision) {
    const result = await Warden.api("GET", "/v1/admin/policies/versions/" + revision);
    if (result.status !== 200) { Warden.say(Warden.errorMessage(result), "error"); return; }
    Warden.$("policy-editor").value = result.data.text || "";
    this.clearError();
    this.renderGutter();
    Warden.$("policy-editor").focus();
    Warden.say(`Revision ${revision} loaded into the editor (not saved).`, "ok");
  },

  askRollback(version, button) {
    const cell = button.parentElement;
    const el = Warden.el.bind(Warden);
    const confirm = el("button", { type: "button", class: "danger", id: "rollback-confirm",
      onclick: () => this.rollback(version.revision) }, `Confirm rollback to r${version.revision}`);
    const cancel = el("button", { type: "button", onclick: () => this.loadVersions() }, "Cancel");
    Warden.fill(cell, confirm, cancel);
    confirm.focus();
  },

  async rollback(revision) {
    const result = await Warden.api("POST", "/v1/admin/policies/rollback", { json: { version: revision } });
    if (result.status !== 200) {
      Warden.say("Rollback failed: " + Warden.errorMessage(result), "error");
      return;
    }
    Warden.say(`Rolled back: running ${result.data.id} version ${result.data.version}` +
      (result.data.revision ? ` (revision ${result.data.revision})` : "") + ".", "ok");
    await this.loadCurrent(true);
    await this.loadVersions();
  },

  async showDiff(revision) {
    const result = await Warden.api("GET", `/v1/admin/policies/diff?from=${revision}&to=current`);
    const out = Warden.$("diff-view");
    if (result.status !== 200) { Warden.fill(out, Warden.el("p", { class: "error-text" }, Warden.errorMessage(result))); return; }
    const el = Warden.el.bind(Warden);
    const { from, to, diff } = result.data;
    const lines = this.lineDiff(from.text.split("\n"), to.text.split("\n"));
    Warden.fill(out,
      el("h3", { id: "diff-title", tabindex: "-1" }, `Diff: r${from.revision} (${from.version}) → running` +
        (to.revision ? ` r${to.revision}` : "") + ` (${to.version})`),
      el("p", {}, "Rules: " + this.diffSummary(diff) + "."),
      el("div", { class: "diff", role: "region", "aria-label": "Line diff", tabindex: "0" }, lines));
    Warden.$("diff-title").focus();
  },

  /// A line diff (longest common subsequence) with 3 lines of context around each change.
  lineDiff(a, b) {
    const n = a.length, m = b.length;
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1
          : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    const ops = [];
    let i = 0, j = 0;
    while (i < n || j < m) {
      // [mark, text, line in the old text, line in the new text]
      if (i < n && j < m && a[i] === b[j]) { ops.push([" ", a[i], i + 1, j + 1]); i++; j++; }
      else if (i < n && (j === m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) { ops.push(["-", a[i], i + 1, ""]); i++; }
      else { ops.push(["+", b[j], "", j + 1]); j++; }
    }
    const keep = ops.map(() => false);
    ops.forEach((op, k) => { if (op[0] !== " ") for (let d = -3; d <= 3; d++) if (ops[k + d]) keep[k + d] = true; });
    const out = [];
    let skipped = 0;
    ops.forEach((op, k) => {
      if (!keep[k]) { skipped++; return; }
      if (skipped) { out.push(Warden.el("div", { class: "gap" }, `… ${skipped} unchanged lines`)); skipped = 0; }
      const cls = op[0] === "+" ? "add" : op[0] === "-" ? "del" : "";
      out.push(Warden.el("div", { class: cls }, `${op[0]} ${String(op[2]).padStart(4)} ${String(op[3]).padStart(4)}  ${op[1]}`));
    });
    if (skipped) out.push(Warden.el("div", { class: "gap" }, `… ${skipped} unchanged lines`));
    if (!out.length) out.push(Warden.el("div", { class: "gap" }, "The texts are identical."));
    return out;
  },
};
