"""End-to-end test of the desktop app in the real webview (WebKitWebDriver through tauri-driver).

Golden path: add a project -> write a requirement -> deterministic plan -> approve and apply a candidate
with a role -> the dispatch loop runs the fake agent in the task's own git worktree -> the live terminal shows
its output -> the task is in review, its diff shows the file, nothing has reached the checkout -> merge
brings it into the checkout and the task is done. Failure path: a backlog item committed with a role fails with a typed
error kind and its remediation, and requeue runs it again. Then an item is created in the backlog drawer
with labels, a backlog item added by the CLI in another process shows up on its own, and the dark theme
is pinned. Screenshots of each main screen are written to
docs/screenshots/.

Run through scripts/e2e (`just e2e`), which builds the app, seeds the data dir and starts tauri-driver.
"""

import json
import os
import pathlib
import subprocess
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support.ui import Select, WebDriverWait

APP = os.environ["ANPM_E2E_APP"]
DATA_DIR = os.environ["ANPM_E2E_DATA_DIR"]
REPO = os.environ["ANPM_E2E_REPO"]
FIRST_RUN_DIR = os.environ["ANPM_E2E_FIRST_RUN_DIR"]
SHOTS = pathlib.Path(os.environ["ANPM_E2E_SCREENSHOTS"])
TIMEOUT = 30


def xp_text(tag, text):
    return f"//{tag}[normalize-space(.)={quote(text)}]"


def quote(text):
    return f'"{text}"' if '"' not in text else f"'{text}'"


class App:
    def __init__(self, driver):
        self.d = driver

    def wait(self, what, condition, timeout=TIMEOUT):
        def attempt(d):
            try:
                return condition(d)
            except StaleElementReferenceException:
                return False

        try:
            return WebDriverWait(self.d, timeout, poll_frequency=0.1).until(attempt)
        except Exception:
            self.shot("failure")
            raise AssertionError(f"timed out waiting for {what}") from None

    def find(self, xpath, timeout=TIMEOUT):
        return self.wait(xpath, lambda d: next(iter(e for e in d.find_elements(By.XPATH, xpath) if e.is_displayed()), None), timeout)

    def click(self, xpath):
        self.find(xpath).click()

    def type_into(self, label, text):
        field = self.find(f"//label[contains(normalize-space(.), {quote(label)})]//input")
        field.clear()
        field.send_keys(text)

    def no_alerts(self, step):
        shown = [e.text for e in self.d.find_elements(By.XPATH, "//*[@role='alert']") if e.is_displayed()]
        if shown:
            self.shot("failure")
            raise AssertionError(f"{step}: the window shows an error: {shown}")

    def dismiss_notices(self):
        for close in self.d.find_elements(By.XPATH, "//ul[@aria-label='Notices']//button[@class='notice-close']"):
            close.click()

    def tab(self, name):
        self.click(f"//button[@role='tab' and normalize-space(.)={quote(name)}]")

    def shot(self, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.d.save_screenshot(str(SHOTS / f"{name}.png"))


def golden_path(app):
    app.find("//h2[normalize-space(.)='Projects']")
    app.type_into("Repository folder", REPO)
    app.click(xp_text("button", "Add project"))
    # The first project is selected on its own; its backlog is empty and offers the three ways in.
    app.find("//h2[normalize-space(.)='Backlog']")
    app.find("//nav[@aria-label='Projects']//button[normalize-space(.)='repo']")
    app.no_alerts("adding the project")
    app.shot("backlog-empty")

    app.tab("Planning")
    app.type_into("Requirement", "Add a login rate limiter with tests")
    app.click(xp_text("button", "Add requirement"))
    app.click("//ul[@class='list']//button[normalize-space(.)='Add a login rate limiter with tests']")
    app.click(xp_text("button", "Plan this requirement"))
    # The implementation draft builds on nothing, so applying it with a role queues it at once (the
    # integration and validation drafts wait for it: the planner's order).
    first = app.find("//ol[@class='candidates']/li[.//span[@class='chip' and normalize-space(.)='implementation']]")
    title = first.find_element(By.XPATH, ".//div[@class='candidate-head']/strong").text
    app.no_alerts("planning")
    app.shot("planning")
    # The "Planning finished" notice sits over the bottom of the window; it has been read.
    app.dismiss_notices()
    role = first.find_element(By.XPATH, ".//select")
    app.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", role)
    Select(role).select_by_value("test-writer")
    first.find_element(By.XPATH, ".//button[normalize-space(.)='Approve and apply']").click()
    app.find("//ol[@class='candidates']/li[.//span[@class='chip' and normalize-space(.)='implementation']]//span[contains(@class,'badge') and normalize-space(.)='applied']")

    app.tab("Tasks")
    app.click(card(title))
    terminal = app.find("//figure[@aria-label='Live output']")
    app.wait("the agent's output in the live terminal", lambda d: "fake agent: reading the task" in terminal.text)
    app.shot("tasks-live-terminal")
    app.find("//aside[@aria-label='Task detail']//span[contains(@class,'badge-dispatch') and normalize-space(.)='completed']", timeout=60)
    app.find("//aside[@aria-label='Task detail']//p[contains(normalize-space(.), '1 file(s) changed, +2')]")
    # In review, the detail turns to the Changes tab; the terminal stays a tab away with the whole run.
    app.find("//div[@role='tablist']/button[@role='tab' and @aria-selected='true' and normalize-space(.)='Changes']")
    app.click("//div[@role='tablist']/button[@role='tab' and normalize-space(.)='Terminal']")
    app.wait("the finished run's output kept in the terminal", lambda d: "fake agent: writing tests" in terminal.text)
    terminal_fits(app, terminal)
    app.click("//div[@role='tablist']/button[@role='tab' and normalize-space(.)='Changes']")
    app.find("//ul[@aria-label='Notices']//strong[normalize-space(.)='Ready for review']")
    written = pathlib.Path(REPO, "tests", "e2e_written.rs")
    assert not written.exists(), "the agent's file reached the checkout before review"
    # The review: the diff names the file and shows its lines.
    review = app.find("//section[@aria-label='Review']")
    app.find("//section[@aria-label='Changes']//summary[.//code[normalize-space(.)='tests/e2e_written.rs']]")
    app.find("//section[@aria-label='Changes']//td[contains(., 'fn written_by_the_fake_agent')]")
    # Its worktree lives under the data dir, with buttons that hand it to the file manager and a terminal.
    app.find(f"//section[@aria-label='Review']//p[@class='review-workspace']/code[starts-with(normalize-space(.), {quote(DATA_DIR)})]")
    app.find("//section[@aria-label='Review']//button[normalize-space(.)='Open terminal here']")
    app.dismiss_notices()
    app.d.execute_script("arguments[0].scrollIntoView({block: 'start'})", review)
    app.no_alerts("running the task")
    app.shot("tasks-review")
    review_shots(app)
    app.click("//section[@aria-label='Review']//button[starts-with(normalize-space(.), 'Merge into')]")
    app.find("//aside[@aria-label='Task detail']//span[contains(@class,'badge-review') and normalize-space(.)='merged']", timeout=30)
    app.wait("the merged file in the checkout", lambda d: written.is_file())
    app.no_alerts("merging the task")
    # The merge moved the task along its lifecycle: its card now stands in the Done column.
    app.find(f"//section[@aria-label='Done']{card(title)}", timeout=10)
    app.shot("tasks-completed")
    board_shots(app)


def terminal_fits(app, terminal):
    """The terminal fills its pane and follows it: widening the detail (Maximize) gives it more columns."""
    def columns():
        return app.d.execute_script(
            "const rows = arguments[0].querySelector('.xterm-rows');"
            "const host = arguments[0].querySelector('.terminal-host');"
            "const screen = arguments[0].querySelector('.xterm-screen');"
            "return [host.clientWidth, screen.getBoundingClientRect().width, rows.children.length];", terminal)
    host_width, screen_width, rows = columns()
    assert screen_width >= host_width * 0.9, f"the terminal uses {screen_width}px of its {host_width}px pane"
    assert rows >= 10, f"the terminal shows only {rows} rows"
    app.click("//button[@aria-label='Maximize the task detail']")
    app.wait("the terminal refitted to the maximized pane",
             lambda d: columns()[1] > screen_width * 1.3)
    wide = columns()
    app.shot("tasks-terminal-maximized")
    app.click("//button[@aria-label='Restore the split']")
    app.wait("the terminal refitted to the split", lambda d: columns()[1] < wide[1])
    print(f"e2e: terminal {screen_width:.0f}px in the split, {wide[1]:.0f}px maximized, {rows} rows")


def by_hand(app):
    """The board's own golden path: a task written by hand, given a role in its detail, run, reviewed, done."""
    app.dismiss_notices()
    app.tab("Tasks")
    title = "Note the limiter in the docs (by hand)"
    app.type_into("New task", title)
    app.click(xp_text("button", "Add task"))
    app.find(f"//section[@aria-label='To do']{card(title)}")
    app.click(card(title))
    run = "//aside[@aria-label='Task detail']//section[@aria-label='Run']"
    Select(app.find(f"{run}//label[contains(normalize-space(.), 'Role')]//select")).select_by_value("test-writer")
    app.click(f"{run}//button[normalize-space(.)='Run']")
    app.find(f"//section[@aria-label='In review']{card(title)}", timeout=60)
    app.find("//section[@aria-label='Changes']//summary[.//code[normalize-space(.)='docs/limiter.md']]")
    app.dismiss_notices()
    app.click("//section[@aria-label='Review']//button[starts-with(normalize-space(.), 'Merge into')]")
    app.find(f"//section[@aria-label='Done']{card(title)}", timeout=30)
    assert pathlib.Path(REPO, "docs", "limiter.md").is_file(), "the merged docs file is not in the checkout"
    # Its result, drawn for people: the file it returned and how to test it.
    app.click("//div[@role='tablist']/button[@role='tab' and normalize-space(.)='Result']")
    app.find("//section[@aria-label='Files returned (1)']//code[normalize-space(.)='docs/limiter.md']")
    app.find("//section[@aria-label='How to test']//p[normalize-space(.)='read it']")
    app.shot("tasks-result")
    app.click("//div[@role='tablist']/button[@role='tab' and starts-with(normalize-space(.), 'Attempts')]")
    app.find("//table[@aria-label='Attempts']//tbody/tr[1]//button[normalize-space(.)='Log']").click()
    log = app.find("//figure[@aria-label='Log of attempt 1']")
    app.wait("the attempt's log replayed in a terminal", lambda d: "fake agent: writing tests" in log.text)
    app.no_alerts("the task run by hand")
    app.shot("tasks-attempts")


def palette(app):
    """Ctrl+K finds a screen and the current screen's own actions; Esc closes; Enter runs."""
    app.tab("Tasks")
    body = app.d.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.CONTROL, "k")
    field = app.find("//div[@role='dialog' and @aria-label='Command palette']//input")
    field.send_keys("new task")
    app.find("//ul[@aria-label='Commands']/li[@role='option' and @aria-selected='true'][normalize-space(.)='New task']")
    time.sleep(0.3)
    app.shot("palette")
    field.send_keys(Keys.ENTER)
    app.wait("the New task field focused by the palette", lambda d: d.execute_script(
        "const e = document.activeElement;"
        "return !!e && e.tagName === 'INPUT' && [...(e.labels || [])].some((l) => l.textContent.includes('New task'));"))
    body.send_keys(Keys.CONTROL, "k")
    field = app.find("//div[@role='dialog' and @aria-label='Command palette']//input")
    field.send_keys("go set")
    field.send_keys(Keys.ENTER)
    app.find("//button[@role='tab' and @aria-selected='true' and normalize-space(.)='Settings']")
    body.send_keys(Keys.CONTROL, "k")
    field = app.find("//div[@role='dialog' and @aria-label='Command palette']//input")
    field.send_keys(Keys.ESCAPE)
    app.wait("the palette closed", lambda d: not d.find_elements(By.XPATH, "//div[@aria-label='Command palette']"))


def committed_item(app):
    """A committed backlog item answers an edit plainly and leads to the task it became."""
    app.tab("Backlog")
    title = "FAIL-ME break the build on purpose"
    app.click(f"//tr//button[normalize-space(.)={quote(title)}]")
    drawer = f"//aside[@aria-label={quote('Edit ' + title)}]"
    note = app.find(f"{drawer}//p[@role='note']")
    assert "belong to its task now" in note.text, note.text
    title_field = app.find(f"{drawer}//label[contains(normalize-space(.), 'Title')]//input")
    assert title_field.get_attribute("readonly") is not None, "a committed item's title is editable"
    app.shot("backlog-committed-item")
    app.click(f"{drawer}//button[normalize-space(.)='Open its task']")
    app.find("//button[@role='tab' and @aria-selected='true' and normalize-space(.)='Tasks']")
    app.find(f"//aside[@aria-label='Task detail']/h3[normalize-space(.)={quote(title)}]")


def first_run():
    """A newcomer's machine: no agent CLI on PATH, no profile. The window says so before any task fails."""
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": APP, "args": ["--data-dir", FIRST_RUN_DIR]})
    driver = webdriver.Remote(command_executor="http://127.0.0.1:4444", options=options)
    driver.set_window_size(1024, 700)
    app = App(driver)
    try:
        setup = app.find("//section[@aria-labelledby='agent-setup-heading']")
        assert "npm install -g @anthropic-ai/claude-code" in setup.text, setup.text
        app.shot("onboarding-first-run")
        app.type_into("Repository folder", REPO)
        app.click(xp_text("button", "Add project"))
        app.tab("Tasks")
        Select(app.find("//form[@aria-label='Add a task']//label[contains(normalize-space(.), 'Role')]//select")).select_by_value("test-writer")
        warning = app.find("//p[contains(@class, 'readiness-note')]")
        assert "No agent can run this yet" in warning.text, warning.text
        app.shot("onboarding-warning")
        warning.find_element(By.XPATH, ".//button[normalize-space(.)='Set up an agent']").click()
        app.find("//button[@role='tab' and @aria-selected='true' and normalize-space(.)='Settings']")
        app.find("//h3[@id='settings-agents-heading']")
        listed = app.find("//ul[@aria-label='Agent CLIs on PATH']")
        assert listed.text.count("not on PATH") == 4, listed.text
        app.no_alerts("the first run")
    finally:
        driver.quit()


def card(title, within=""):
    """The board card of the task titled `title`."""
    return f"{within}//button[contains(@class,'card')][.//span[@class='card-title' and normalize-space(.)={quote(title)}]]"


def no_horizontal_scrollbar(app, where):
    wide = app.d.execute_script(
        "const e = document.scrollingElement; return [e.scrollWidth, e.clientWidth];")
    assert wide[0] <= wide[1], f"{where}: the page scrolls sideways ({wide[0]} px of content in {wide[1]} px)"


def board_shots(app):
    """Every screen at the two window sizes we design for, light and dark: nothing may scroll sideways."""
    theme = Select(app.find("//label[contains(normalize-space(.), 'Theme')]//select"))
    for mode in ("light", "dark"):
        theme.select_by_value(mode)
        for width, height in ((1024, 700), (1440, 900)):
            app.d.set_window_size(width, height)
            time.sleep(0.3)
            for tab in ("Backlog", "Planning", "Tasks", "Activity", "Overview", "Knowledge", "Settings"):
                app.tab(tab)
                time.sleep(0.3)
                no_horizontal_scrollbar(app, f"{tab} at {width}x{height} ({mode})")
                if width == 1024 and tab != "Tasks":
                    app.shot(f"{tab.lower()}-{width}x{height}-{mode}")
            app.tab("Tasks")
            time.sleep(0.3)
            app.shot(f"tasks-board-{width}x{height}-{mode}")
    theme.select_by_value("system")
    app.d.set_window_size(1280, 800)


def review_shots(app):
    """The review panel as the operator sees it at the two window sizes we design for, light and dark."""
    theme = Select(app.find("//label[contains(normalize-space(.), 'Theme')]//select"))
    for mode in ("light", "dark"):
        theme.select_by_value(mode)
        for width, height in ((1024, 700), (1440, 900)):
            app.d.set_window_size(width, height)
            time.sleep(0.3)
            review = app.find("//section[@aria-label='Review']")
            app.d.execute_script("arguments[0].scrollIntoView({block: 'start'})", review)
            time.sleep(0.2)
            app.shot(f"review-{width}x{height}-{mode}")
    theme.select_by_value("system")
    app.d.set_window_size(1280, 800)


def failure_path(app):
    app.tab("Backlog")
    title = "FAIL-ME break the build on purpose"
    app.type_into("New item", title)
    app.click(xp_text("button", "Add item"))
    Select(app.find(f"//select[@aria-label={quote('Role for ' + title)}]")).select_by_value("test-writer")
    app.click(f"//tr[.//*[normalize-space(.)={quote(title)}]]//button[normalize-space(.)='Commit']")
    app.shot("backlog")

    app.tab("Tasks")
    app.click(card(title))
    failure = app.find("//aside[@aria-label='Task detail']//div[@class='failure']", timeout=60)
    kind = failure.get_attribute("data-kind")
    assert kind == "session_expired", f"expected the expired login to fail as session_expired, got {kind!r}"
    words = failure.find_element(By.XPATH, "./strong").text
    assert words == "Session expired", f"expected the kind in words, got {words!r}"
    remediation = failure.find_element(By.XPATH, "./p").text
    assert len(remediation) > 10, f"expected a remediation, got {remediation!r}"
    app.no_alerts("the failing task")
    app.find("//ul[@aria-label='Notices']//strong[normalize-space(.)='Task failed: session expired']")
    app.shot("tasks-failed")
    app.dismiss_notices()
    app.click("//aside[@aria-label='Task detail']//button[normalize-space(.)='Requeue']")
    app.find("//aside[@aria-label='Task detail']//p[contains(normalize-space(.), '2 attempt(s)')]", timeout=60)
    app.find("//aside[@aria-label='Task detail']//div[@class='failure']", timeout=60)
    return kind


def backlog_drawer(app):
    app.dismiss_notices()
    app.tab("Backlog")
    app.click(xp_text("button", "More fields…"))
    app.find("//aside[@aria-label='New backlog item']")
    app.type_into("Title", "Document the rate limiter")
    app.type_into("Labels, comma-separated", "docs, auth")
    Select(app.find("//aside//label[contains(normalize-space(.), 'Priority')]//select")).select_by_visible_text("high")
    app.shot("backlog-drawer")
    app.click("//aside//button[normalize-space(.)='Create']")
    row = app.find("//tr[.//button[normalize-space(.)='Document the rate limiter']]")
    labels = [e.text for e in row.find_elements(By.XPATH, ".//span[@class='label']")]
    assert labels == ["docs", "auth"], labels
    app.no_alerts("creating an item in the drawer")


def cli_changes_show_up(app):
    """A change made by the CLI in another process reaches the open screen without any click."""
    app.tab("Backlog")
    cli = [APP, "--data-dir", DATA_DIR, "--json"]
    project = json.loads(subprocess.run([*cli, "project", "list"], check=True, capture_output=True, text=True).stdout)[0]["id"]
    subprocess.run([*cli, "backlog", "add", "--project", project, "--title", "Added from the CLI", "--priority", "urgent"],
                   check=True, capture_output=True)
    app.find("//tr[.//button[normalize-space(.)='Added from the CLI']]", timeout=5)
    app.find("//ul[@aria-label='Backlog focus']//li[normalize-space(.)='1 urgent open']", timeout=5)


def item_order(app):
    """The operator orders two backlog items in the item's drawer; the order is listed with where it stands.
    The theme is switched with the drawer closed (it covers the header's picker)."""
    app.tab("Backlog")
    drawer = "//aside[@aria-label='Edit Added from the CLI']"
    listed = f"{drawer}//ul[@aria-label='Items it comes after']/li[contains(normalize-space(.), 'Document the rate limiter')]"
    theme = Select(app.find("//label[contains(normalize-space(.), 'Theme')]//select"))
    for mode in ("light", "dark"):
        theme.select_by_value(mode)
        app.click("//tr//button[normalize-space(.)='Added from the CLI']")
        if mode == "light":
            after = app.find(f"{drawer}//section[@aria-label='Comes after']//select")
            app.wait("the backlog's items offered", lambda d: len(after.find_elements(By.TAG_NAME, "option")) > 1)
            Select(after).select_by_visible_text("Document the rate limiter")
            app.click(f"{drawer}//section[@aria-label='Comes after']//button[normalize-space(.)='Add']")
        app.d.execute_script("arguments[0].scrollIntoView({block: 'end'})", app.find(listed))
        app.no_alerts("ordering backlog items")
        for width, height in ((1024, 700), (1440, 900)):
            app.d.set_window_size(width, height)
            time.sleep(0.3)
            app.shot(f"backlog-item-order-{width}x{height}-{mode}")
        app.d.set_window_size(1280, 800)
        app.click(f"{drawer}//button[normalize-space(.)='Close']")
    theme.select_by_value("system")


def git(*args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "e2e", "GIT_AUTHOR_EMAIL": "e2e@anpm.invalid",
           "GIT_COMMITTER_NAME": "e2e", "GIT_COMMITTER_EMAIL": "e2e@anpm.invalid"}
    subprocess.run(["git", "-C", REPO, *args], check=True, capture_output=True, env=env)


def knowledge(app):
    """A commit made outside anpm reaches the Knowledge screen by itself (the repository watch syncs), the
    drift it raised can be triaged, the search finds the document, and the bell counts the notice."""
    app.dismiss_notices()
    docs = pathlib.Path(REPO, "docs")
    docs.mkdir(exist_ok=True)
    (docs / "billing.md").write_text("# Billing\n\nInvoices are assembled in `src/pay.rs`.\n")
    pathlib.Path(REPO, "src").mkdir(exist_ok=True)
    pathlib.Path(REPO, "src", "pay.rs").write_text("pub fn pay() {}\n")
    git("add", "-A")
    git("commit", "--quiet", "-m", "billing docs")
    app.tab("Knowledge")
    # The document is discovered by the first sync the commit triggers; editing its code a second time
    # raises drift against the link its text makes.
    app.find("//table[@aria-label='Documents']//code[normalize-space(.)='docs/billing.md']", timeout=15)
    pathlib.Path(REPO, "src", "pay.rs").write_text("pub fn pay() { /* new rules */ }\n")
    git("commit", "--quiet", "-am", "new payment rules")
    signal = "//ul[@aria-label='Drift signals']/li[.//code[normalize-space(.)='docs/billing.md']]"
    app.find(f"{signal}//span[contains(normalize-space(.), 'File changed: src/pay.rs (M)')]", timeout=15)
    app.no_alerts("the Knowledge screen")
    app.shot("knowledge")
    bell = app.find("//button[starts-with(@aria-label, 'Notifications, ')]", timeout=10)
    bell.click()
    app.find("//div[@aria-label='Notification history']//strong[starts-with(normalize-space(.), 'Drift found in')]")
    app.find("//div[@aria-label='Notification history']//strong[normalize-space(.)='Planning finished']")
    app.shot("notifications")
    bell.click()
    context_evidence(app)
    app.tab("Knowledge")
    app.click(f"{signal}//button[normalize-space(.)='Resolve']")
    app.find("//section[@aria-labelledby='drift-heading']//p[contains(normalize-space(.), 'No open drift signals')]", timeout=10)
    search = app.find("//input[@aria-label='Search everything']")
    search.send_keys("invoices assembled")
    app.find("//div[@aria-label='Search results']//button[.//strong[normalize-space(.)='Billing']]//mark", timeout=10)
    app.shot("search")
    search.send_keys(Keys.ESCAPE)


def context_evidence(app):
    """A plan made after the sync carries what the repository says: its context evidence drawer names the
    discovered document, the open drift signal against it, the latest sync run and the related code file."""
    app.dismiss_notices()
    app.tab("Planning")
    requirement = "Update the pay rules for billing invoices"
    app.click(xp_text("button", "New requirement"))
    app.type_into("Requirement", requirement)
    app.click(xp_text("button", "Add requirement"))
    app.click(f"//ul[@class='list']//button[normalize-space(.)={quote(requirement)}]")
    app.click(xp_text("button", "Plan this requirement"))
    app.find("//ol[@class='candidates']/li[1]")
    app.no_alerts("planning with project knowledge")
    app.dismiss_notices()
    drawer = app.find("//details[@class='evidence-drawer']/summary[normalize-space(.)='Context evidence']")
    app.d.execute_script("arguments[0].scrollIntoView({block: 'start'})", drawer)
    drawer.click()
    app.find("//ul[@aria-label='Documents in the pack']/li[.//code[normalize-space(.)='docs/billing.md']]", timeout=10)
    app.find("//ul[@aria-label='Drift signals in the pack']/li[contains(normalize-space(.), 'src/pay.rs')]")
    app.find("//p[@aria-label='Latest sync run']/span[normalize-space(.)='completed']")
    app.find("//ul[@aria-label='Related files in the pack']/li[.//code[normalize-space(.)='src/pay.rs']]")
    app.no_alerts("the context evidence drawer")
    time.sleep(0.2)
    app.shot("context-evidence")


def orchestration(app):
    """The planner's order reaches the board: applying the rest of the first requirement's candidates queues
    the integration task at once (its foundation is merged) and holds the validation task on it; the plan's
    graph and the queued card both say what it waits on."""
    app.dismiss_notices()
    app.tab("Planning")
    app.click("//ul[@class='list']//button[normalize-space(.)='Add a login rate limiter with tests']")
    for kind in ("integration", "validation"):
        card = f"//ol[@class='candidates']/li[.//span[@class='chip' and normalize-space(.)='{kind}']]"
        role = app.find(f"{card}//select")
        app.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", role)
        Select(role).select_by_value("test-writer")
        app.click(f"{card}//button[normalize-space(.)='Approve and apply']")
        app.find(f"{card}//span[contains(@class,'badge') and normalize-space(.)='applied']")
    plan = "//section[@aria-label='Plan']"
    app.find(f"{plan}//li[starts-with(normalize-space(.), 'Verify') and contains(normalize-space(.), 'waiting on')]", timeout=15)
    app.no_alerts("applying the plan")
    theme = Select(app.find("//label[contains(normalize-space(.), 'Theme')]//select"))
    for mode in ("light", "dark"):
        theme.select_by_value(mode)
        for width, height in ((1024, 700), (1440, 900)):
            app.d.set_window_size(width, height)
            time.sleep(0.3)
            no_horizontal_scrollbar(app, f"the plan graph at {width}x{height} ({mode})")
            app.d.execute_script("arguments[0].scrollIntoView({block: 'start'})", app.find(plan))
            time.sleep(0.2)
            app.shot(f"plan-graph-{width}x{height}-{mode}")
    theme.select_by_value("system")
    app.d.set_window_size(1280, 800)
    app.tab("Tasks")
    app.find("//section[@aria-label='Queued']//span[contains(@class,'chip-wait') and starts-with(normalize-space(.), 'waiting on')]")
    app.shot("tasks-waiting")


def other_screens(app):
    app.dismiss_notices()
    for tab, name in (("Activity", "activity"), ("Overview", "overview"), ("Settings", "settings")):
        app.tab(tab)
        time.sleep(0.5)
        app.no_alerts(f"the {tab} screen")
        app.shot(name)
    # The Data facts name the log folder inside the data folder.
    logs = app.find("//dt[normalize-space(.)='Logs']/following-sibling::dd[1]/code")
    assert logs.text == f"{DATA_DIR}/logs", f"the log folder shown is {logs.text!r}"
    app.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", logs)
    time.sleep(0.2)
    app.shot("settings-data")
    theme = Select(app.find("//label[contains(normalize-space(.), 'Theme')]//select"))
    theme.select_by_value("dark")
    app.tab("Overview")
    time.sleep(0.3)
    background = app.d.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 23, 31)", f"the dark theme did not apply: {background}"
    app.shot("overview-dark")
    theme.select_by_value("system")


def main():
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": APP, "args": ["--data-dir", DATA_DIR]})
    started = time.monotonic()
    first_run()
    print(f"e2e: first run without an agent warned before queueing ({time.monotonic() - started:.1f} s)")
    driver = webdriver.Remote(command_executor="http://127.0.0.1:4444", options=options)
    driver.set_window_size(1280, 800)
    app = App(driver)
    try:
        golden_path(app)
        print(f"e2e: golden path passed ({time.monotonic() - started:.1f} s)")
        by_hand(app)
        print(f"e2e: a task added by hand ran, was reviewed and is done ({time.monotonic() - started:.1f} s)")
        palette(app)
        kind = failure_path(app)
        print(f"e2e: failure path passed: error kind {kind}, requeued ({time.monotonic() - started:.1f} s)")
        committed_item(app)
        backlog_drawer(app)
        cli_changes_show_up(app)
        print(f"e2e: a backlog item added by the CLI showed up in the window ({time.monotonic() - started:.1f} s)")
        item_order(app)
        knowledge(app)
        print(f"e2e: a commit made outside anpm raised drift in the window by itself ({time.monotonic() - started:.1f} s)")
        orchestration(app)
        print(f"e2e: the plan's order held the validation task on its dependency ({time.monotonic() - started:.1f} s)")
        other_screens(app)
    finally:
        driver.quit()
    print(f"e2e: screenshots in {SHOTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
