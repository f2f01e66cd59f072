#!/usr/bin/env python3
"""Drives Warden's admin console in headless Chromium (Debian's `chromium` + `chromium-driver`).

Run by the Swift test `AdminConsoleBrowserTests` against a running Warden that it started on a
temporary data directory and a free port, after seeding the audit log and the review queue:

    python3 Tests/Browser/console_browser_test.py --base-url http://127.0.0.1:PORT \
        --reviewer-key wk_... --policy-key wk_... --held-id req_... --search WORD --screenshots docs

It makes its own venv (Tests/Browser/.venv, git-ignored) with selenium from PyPI on first use.
Steps: log in, filter the log, open a record, approve a held request (with a note), make an
invalid policy edit (error shown at its line), a valid edit (dry run, replay, save), look at the
diff, roll back. Screenshots of each view go to --screenshots. Exit 0: all passed; 77: selenium
could not be installed (skip); anything else: a failure, with the step that failed.
"""
import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, ".venv")
SELENIUM = "selenium==4.38.0"
SKIP = 77


def ensure_venv():
    """Re-executes this script with the venv's python (creating the venv and installing selenium)."""
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    try:
        if not os.path.exists(python):
            subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        probe = subprocess.run([python, "-c", "import selenium"], capture_output=True)
        if probe.returncode != 0:
            subprocess.run([python, "-m", "pip", "install", "-q", SELENIUM], check=True, timeout=300)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        print(f"SKIPPED: could not make {VENV} with {SELENIUM}: {error}", flush=True)
        sys.exit(SKIP)
    os.execv(python, [python] + sys.argv)


class ConsoleTest:
    def __init__(self, args):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.args = args
        self.base = args.base_url.rstrip("/")
        options = webdriver.ChromeOptions()
        options.binary_location = args.chromium
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1440,1000", "--force-device-scale-factor=1", "--lang=en-US"):
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service(executable_path=args.chromedriver), options=options)
        self.driver.set_page_load_timeout(30)
        self.step_name = "start"

    # ------------------------------------------------------------------ helpers

    def step(self, name):
        self.step_name = name
        print(f"step: {name}", flush=True)

    def by_id(self, element_id):
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.ID, element_id)

    def css(self, selector):
        from selenium.webdriver.common.by import By
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def wait(self, condition, what, timeout=15):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            try:
                value = condition()
                if value:
                    return value
            except Exception as error:  # the page is changing under us; try again
                last = error
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}" + (f" (last error: {last})" if last else ""))

    def keys(self, *keys):
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(self.driver).send_keys(*keys).perform()

    def active_id(self):
        return self.driver.execute_script("return document.activeElement && document.activeElement.id")

    def status(self):
        return self.by_id("status").text

    def shot(self, name):
        os.makedirs(self.args.screenshots, exist_ok=True)
        path = os.path.join(self.args.screenshots, name)
        self.driver.save_screenshot(path)
        print(f"screenshot: {path}", flush=True)

    def api(self, path, key):
        request = urllib.request.Request(self.base + path, headers={"Authorization": "Bearer " + key})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def set_editor(self, text):
        self.driver.execute_script(
            "const e = document.getElementById('policy-editor'); e.value = arguments[0];"
            "e.dispatchEvent(new Event('input'));", text)

    def log_in(self, key):
        from selenium.webdriver.common.keys import Keys
        self.wait(lambda: self.by_id("login-key").is_displayed(), "the login form")
        self.wait(lambda: self.active_id() == "login-key", "focus in the key field")
        self.keys(key, Keys.ENTER)
        self.wait(lambda: self.by_id("tabs").is_displayed(), "the views after logging in")

    # ------------------------------------------------------------------ the walk-through

    def run(self):
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import Select

        self.step("open /admin: the login view")
        self.driver.get(self.base + "/admin")
        assert "Warden admin console" in self.driver.title
        self.shot("console-login.png")

        self.step("a wrong key is refused with a message")
        self.keys("wk_not_a_real_key_at_all_0000000000", Keys.ENTER)
        self.wait(lambda: "refused" in self.by_id("login-error").text, "the refusal of a wrong key")

        self.step("log in with the reviewer key; the decision log opens")
        self.log_in(self.args.reviewer_key)
        self.wait(lambda: len(self.css("#log-rows tr[data-decision-id]")) >= 3, "rows in the decision log")
        assert self.active_id() == "log-title", f"focus after login is {self.active_id()}"
        assert self.driver.execute_script("return sessionStorage.getItem('warden.admin.key')") == self.args.reviewer_key
        all_rows = len(self.css("#log-rows tr[data-decision-id]"))
        assert self.css("#log-rows tr.refused"), "no refused row is highlighted"
        self.wait(lambda: len(self.css("#log-rows img.thumb[src^='blob:']")) >= 3, "image thumbnails")
        self.shot("console-log.png")

        self.step("filter the log by decision = block")
        Select(self.by_id("f-decision")).select_by_value("block")
        self.by_id("f-apply").click()
        self.wait(lambda: "filtered by decision" in self.by_id("log-summary").text, "the filtered summary")
        rows = self.css("#log-rows tr[data-decision-id]")
        assert rows and all(r.get_attribute("class") == "refused" for r in rows), "a non-block row under decision=block"
        assert len(rows) < all_rows, f"filter kept all {all_rows} rows"

        self.step("filter the log by rule (and decision = review)")
        Select(self.by_id("f-decision")).select_by_value("review")
        self.by_id("f-rule").send_keys("image-nudity-review", Keys.ENTER)
        self.wait(lambda: "filtered by decision, rule" in self.by_id("log-summary").text, "the rule-filtered summary")
        rows = self.css("#log-rows tr[data-decision-id]")
        assert len(rows) == 1 and "image-nudity-review" in rows[0].text, [r.text for r in rows]

        self.step("filter the log by text search (keyboard: / focuses the search)")
        self.by_id("f-reset").click()
        self.wait(lambda: "filtered" not in self.by_id("log-summary").text, "the unfiltered log")
        self.by_id("log-title").click()
        self.keys("/")
        assert self.active_id() == "f-q", f"'/' focused {self.active_id()}"
        self.keys(self.args.search, Keys.ENTER)
        self.wait(lambda: "filtered by q" in self.by_id("log-summary").text, "the text-filtered summary")
        rows = self.css("#log-rows tr[data-decision-id]")
        assert rows, "text search found nothing"
        assert all(self.args.search.lower() in r.text.lower() for r in rows), "a row without the search text"
        self.shot("console-log-filtered.png")

        self.step("open a record with the keyboard (j selects, Enter opens)")
        self.by_id("log-title").click()
        self.keys("j")
        self.wait(lambda: self.driver.execute_script(
            "return document.activeElement.tagName") == "TR", "a focused row")
        self.keys(Keys.ENTER)
        self.wait(lambda: self.by_id("record-dialog").get_attribute("open") is not None, "the record dialog")
        self.wait(lambda: "intact" in self.by_id("record-chain").text, "the chain status")
        marks = self.css("#record-prompt mark.span")
        assert marks, "no matched span is marked in the prompt"
        assert self.args.search.lower() in " ".join(m.text.lower() for m in marks) or marks, "marks"
        assert self.css("#record-stages tbody tr"), "no stage rows"
        assert "ms" in self.by_id("record-stages").text, "no latency"
        assert self.by_id("record-rules").text.strip(), "no deciding rule"
        assert "version" in self.by_id("record-policy").text
        self.shot("console-record.png")
        self.keys(Keys.ESCAPE)
        self.wait(lambda: self.by_id("record-dialog").get_attribute("open") is None, "the dialog to close")

        self.step("review queue: select the held request, write a note, approve with 'a'")
        self.keys("2")
        held = f"#review-list li[data-request-id='{self.args.held_id}']"
        self.wait(lambda: self.css(held), "the held request in the queue")
        self.css(held)[0].click()
        self.wait(lambda: self.args.held_id in self.by_id("review-detail").text, "the held request's detail")
        self.keys("n")
        assert self.active_id() == "review-note", f"'n' focused {self.active_id()}"
        note = "checked by the browser test: fine"
        self.keys(note, Keys.ESCAPE)
        assert self.active_id() == "review-list", f"Escape focused {self.active_id()}"
        self.keys("a")
        self.wait(lambda: "Approved " + self.args.held_id in self.status(), "the approval message")
        self.wait(lambda: self.css(f"#review-history tr[data-request-id='{self.args.held_id}']"), "the decided request")
        # The other held request (held at the output stage) is selected next, with its image.
        self.wait(lambda: self.css("#review-detail .record-images img[src^='blob:']"), "the held image of the next request")
        self.shot("console-reviews.png")
        logged = self.api("/v1/admin/audit?rule=human-review&limit=5", self.args.reviewer_key)["data"]
        assert any(note in r["explanation"] and self.args.held_id in r["explanation"] for r in logged), \
            f"the approval is not in the audit log: {logged}"

        self.step("log out; log in with the policy-admin key; policy view")
        self.by_id("logout").click()
        self.wait(lambda: self.by_id("login-key").is_displayed(), "the login form after logging out")
        assert self.driver.execute_script("return sessionStorage.getItem('warden.admin.key')") is None
        self.log_in(self.args.policy_key)
        self.keys("3")
        self.wait(lambda: len(self.by_id("policy-editor").get_attribute("value")) > 1000, "the policy text")
        original = self.by_id("policy-editor").get_attribute("value")
        running = self.api("/v1/admin/policies/current", self.args.policy_key)

        self.step("invalid edit: the error is shown at its line")
        lines = original.split("\n")
        bad_line = next(i for i, line in enumerate(lines) if line.startswith("default_action:")) + 1
        lines[bad_line - 1] = "default_action: maybe"
        self.set_editor("\n".join(lines))
        self.by_id("policy-editor").click()
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
        self.wait(lambda: f"Line {bad_line}," in self.by_id("editor-error").text, f"the error at line {bad_line}")
        marked = self.css("#editor-gutter span.error-line")
        assert len(marked) == 1 and marked[0].text == str(bad_line), f"gutter marks {[m.text for m in marked]}"
        assert self.by_id("policy-editor").get_attribute("aria-invalid") == "true"
        self.by_id("save-comment").send_keys("this must not save")
        self.by_id("save-button").click()
        self.wait(lambda: "Not saved" in self.status(), "the refused save")
        assert self.api("/v1/admin/policies/current", self.args.policy_key)["sha256"] == running["sha256"]
        self.shot("console-policy-error.png")

        self.step("valid edit: check, dry run with the candidate, replay, save with a comment")
        candidate = original.replace("rules:\n", "rules:\n"
                                     "  - id: console-teapot-block\n"
                                     "    kind: regex\n"
                                     "    pattern: '\\bteapot\\b'\n"
                                     "    target: both\n"
                                     "    action: block\n"
                                     "    explanation: Teapots are refused by the browser test's candidate.\n", 1)
        candidate = candidate.replace(f'version: "{running["version"]}"', 'version: "console-test-1"', 1)
        assert candidate != original
        self.set_editor(candidate)
        self.by_id("policy-check").click()
        self.wait(lambda: "compiles" in self.status() and "added console-teapot-block" in self.status(), "a passing check")
        assert not self.css("#editor-gutter span.error-line")
        self.by_id("dry-prompt").send_keys(f"a {self.args.search} and a teapot on a table")
        self.by_id("dry-button").click()
        self.wait(lambda: "BLOCK" in self.by_id("dry-decision").text.upper(), "the dry-run decision")
        assert "console-teapot-block" in self.by_id("dry-result").text
        self.by_id("replay-limit").clear()
        self.by_id("replay-limit").send_keys("100")
        self.by_id("replay-button").click()
        self.wait(lambda: "Replayed" in self.by_id("replay-summary").text, "the replay summary")
        summary = self.by_id("replay-summary").text
        assert "would change" in summary, summary
        self.shot("console-policy-replay.png")
        self.by_id("save-comment").clear()
        self.by_id("save-comment").send_keys("block teapots (browser test)", Keys.ENTER)
        self.wait(lambda: "Saved and running" in self.status(), "the save")
        after = self.api("/v1/admin/policies/current", self.args.policy_key)
        assert after["version"] == "console-test-1", after
        self.wait(lambda: self.css(f"#versions-table tr[data-revision='{after['revision']}'] .badge"), "the new running revision")

        self.step("diff of the previous revision against the running one")
        self.css(f"#versions-table tr[data-revision='{running['revision']}'] .diff-button")[0].click()
        self.wait(lambda: "console-teapot-block" in self.by_id("diff-view").text, "the diff")
        assert self.css("#diff-view .diff .add"), "no added line in the diff"
        self.shot("console-policy-versions.png")

        self.step("roll back to the previous revision")
        self.css(f"#versions-table tr[data-revision='{running['revision']}'] .rollback-button")[0].click()
        assert self.active_id() == "rollback-confirm", f"rollback asks on {self.active_id()}"
        self.keys(Keys.ENTER)
        self.wait(lambda: "Rolled back" in self.status(), "the rollback")
        back = self.api("/v1/admin/policies/current", self.args.policy_key)
        assert back["sha256"] == running["sha256"], (back, running)
        self.wait(lambda: "console-teapot-block" not in self.by_id("policy-editor").get_attribute("value"),
                  "the editor to show the rolled-back text")

    def close(self):
        self.driver.quit()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--reviewer-key", required=True)
    parser.add_argument("--policy-key", required=True)
    parser.add_argument("--held-id", required=True, help="a pending held request to approve")
    parser.add_argument("--search", required=True, help="a word of a logged, blocked prompt")
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    ensure_venv()
    test = ConsoleTest(args)
    started = time.time()
    try:
        test.run()
    except Exception as error:
        try:
            test.shot("failure.png")
        except Exception:
            pass
        print(f"FAILED at step '{test.step_name}': {type(error).__name__}: {error}", flush=True)
        try:
            print("status bar: " + test.by_id("status").text, flush=True)
            print("editor error: " + test.by_id("editor-error").text, flush=True)
            print("focus: %s, url: %s" % (test.active_id(), test.driver.current_url), flush=True)
            for entry in test.driver.get_log("browser"):
                print("browser log: " + entry.get("message", ""), flush=True)
        except Exception:
            pass
        test.close()
        sys.exit(1)
    test.close()
    print(f"PASSED: admin console browser test in {time.time() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main()
