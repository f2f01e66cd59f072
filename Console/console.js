// Warden admin console: session, API calls, views and keyboard shortcuts.
// Plain browser JavaScript, no build step, no external code. The other files (audit.js,
// reviews.js, policy.js) register their views on `Warden.views`.
"use strict";

const Warden = {
  views: {},
  keyStorage: "warden.admin.key",

  /// The API key of this tab's session (sessionStorage: gone when the tab closes).
  get key() { return sessionStorage.getItem(this.keyStorage); },

  $(id) { return document.getElementById(id); },

  /// Creates an element: el("td", {class: "x"}, "text", childNode, ...).
  el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name === "class") node.className = value;
      else if (name === "style") Object.assign(node.style, value); // CSSOM: allowed by the page's CSP

      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  /// Replaces `node`'s children, skipping null and undefined (replaceChildren would print "null").
  fill(node, ...children) {
    node.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined));
    return node;
  },

  /// Calls an admin route. Returns {status, data} (data: parsed JSON, or a Blob with `blob`).
  /// A 401 ends the session; other errors come back to the caller with the server's message.
  async api(method, path, { json, text, blob } = {}) {
    const headers = { Authorization: "Bearer " + this.key };
    let body;
    if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
    if (text !== undefined) { headers["Content-Type"] = "application/yaml"; body = text; }
    let response;
    try {
      response = await fetch(path, { method, headers, body, cache: "no-store" });
    } catch (error) {
      this.say("Warden is not reachable: " + error.message, "error");
      throw error;
    }
    if (response.status === 401) {
      this.logout("The key was refused (401). Log in again.");
      throw new Error("unauthorized");
    }
    if (blob && response.ok) return { status: response.status, data: await response.blob() };
    let data = null;
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) data = await response.json();
    else data = await response.text();
    return { status: response.status, data };
  },

  /// The message of an OpenAI-shaped error body.
  errorMessage(result) {
    const error = result && result.data && result.data.error;
    if (error && error.message) return error.message;
    return "HTTP " + (result ? result.status : "?");
  },

  /// One line in the status bar (read out by screen readers).
  say(message, kind) {
    const status = this.$("status");
    status.textContent = message || "";
    status.className = "status" + (kind ? " " + kind : "");
  },

  formatTime(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    if (isNaN(date)) return iso;
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
      `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  },

  decisionBadge(action) {
    return this.el("span", { class: "decision " + action }, action);
  },

  /// A PNG from an authenticated route as an <img> (the key travels in a header, so the
  /// image is fetched and shown from a blob URL).
  async image(path, alt, className) {
    const img = this.el("img", { alt, class: className || "" });
    try {
      const result = await this.api("GET", path, { blob: true });
      if (result.status === 200) img.src = URL.createObjectURL(result.data);
      else img.alt = alt + " (" + this.errorMessage(result) + ")";
    } catch (_) { img.alt = alt + " (not loaded)"; }
    return img;
  },

  // ------------------------------------------------------------------ session

  async login(key) {
    sessionStorage.setItem(this.keyStorage, key);
    const result = await this.api("GET", "/v1/admin/audit?limit=1").catch(() => null);
    if (!result) return false;
    if (result.status === 403) {
      sessionStorage.removeItem(this.keyStorage);
      this.$("login-error").textContent = "This key has neither the reviewer nor the policy-admin role.";
      return false;
    }
    if (result.status !== 200) {
      sessionStorage.removeItem(this.keyStorage);
      this.$("login-error").textContent = this.errorMessage(result);
      return false;
    }
    return true;
  },

  logout(message) {
    sessionStorage.removeItem(this.keyStorage);
    this.$("tabs").hidden = true;
    this.$("session").hidden = true;
    for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== "view-login";
    this.$("login-key").value = "";
    this.$("review-count").textContent = "";
    this.$("login-error").textContent = message || "";
    this.say("");
    this.$("login-key").focus();
  },

  started() {
    this.$("tabs").hidden = false;
    this.$("session").hidden = false;
    this.$("whoami").textContent = "key " + this.key.slice(0, 7) + "…";
    const view = (location.hash || "#log").slice(1);
    this.show(this.views[view] ? view : "log");
    this.views.reviews.refreshCount();
  },

  // ------------------------------------------------------------------ views

  current: null,

  show(name, { focus = true } = {}) {
    if (!this.views[name]) return;
    this.current = name;
    for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== "view-" + name;
    for (const tab of document.querySelectorAll(".tab")) {
      if (tab.dataset.view === name) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
    }
    if (location.hash !== "#" + name) history.replaceState(null, "", "#" + name);
    this.views[name].open();
    if (focus) this.$(name + "-title").setAttribute("tabindex", "-1"), this.$(name + "-title").focus();
  },

  /// True when a keystroke belongs to a text field, not to the shortcuts.
  typing(event) {
    const target = event.target;
    return target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  },

  onKey(event) {
    if (!this.key || event.altKey || event.metaKey) return;
    if (document.querySelector("dialog[open]")) return; // a dialog handles its own keys (Esc closes)
    if (event.ctrlKey) {
      if (event.key === "Enter" && this.current === "policy") { event.preventDefault(); this.views.policy.check(); }
      return;
    }
    if (this.typing(event)) return;
    const views = { "1": "log", "2": "reviews", "3": "policy" };
    if (views[event.key]) { event.preventDefault(); this.show(views[event.key]); return; }
    if (event.key === "?") { event.preventDefault(); this.$("help-dialog").showModal(); return; }
    const view = this.views[this.current];
    if (view && view.onKey && view.onKey(event)) event.preventDefault();
  },

  init() {
    this.$("login-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const key = this.$("login-key").value.trim();
      if (!key) return;
      if (await this.login(key)) this.started();
    });
    this.$("logout").addEventListener("click", () => this.logout("Logged out."));
    for (const tab of document.querySelectorAll(".tab")) {
      tab.addEventListener("click", () => this.show(tab.dataset.view));
    }
    this.$("help-button").addEventListener("click", () => this.$("help-dialog").showModal());
    this.$("help-close").addEventListener("click", () => this.$("help-dialog").close());
    document.addEventListener("keydown", (event) => this.onKey(event));
    for (const view of Object.values(this.views)) if (view.init) view.init();
    if (this.key) {
      this.login(this.key).then((ok) => (ok ? this.started() : this.logout("")));
    } else {
      this.logout("");
    }
  },
};

document.addEventListener("DOMContentLoaded", () => Warden.init());
