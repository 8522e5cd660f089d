"""In a real browser, on the sandbox: read estates in the composer, press "Fetch all N records", watch the job's
progress bar move while the worker pages, and download the CSV.

The job runs on the real worker, so this test runs the app as `make run` does: the server and
`manage.py db_worker` as two processes on one SQLite file (the in-process live server's in-memory database
cannot be shared with another process). Each sandbox page is slowed down (SANDBOX_LATENCY_MS) and sent one
at a time, so the bar has several seconds to move."""

import csv
import io
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import expect

from bench.services import free_port
from explorer.management.commands.demo_account import DEMO_PASSWORD, DEMO_USERNAME

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ESTATES = 3000  # six pages of 500


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """Server and worker as separate processes on one database; both stopped at the end."""
    tmp = tmp_path_factory.mktemp("fetch_all_flow")
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}", "DEBUG": "true", "SECRET_KEY": "browser-test-not-secret",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "PORT": str(port), "MEDIA_ROOT": str(tmp / "media"),
        "SANDBOX_LATENCY_MS": "700", "FETCH_CONCURRENCY": "1", "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v", "0"], ["seed_demo", "--estates", str(ESTATES)], ["demo_account"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    logs = {name: open(tmp / f"{name}.log", "w") for name in ("server", "worker")}
    processes = [
        subprocess.Popen(manage + ["runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env,
                         stdout=logs["server"], stderr=subprocess.STDOUT),
        subprocess.Popen(manage + ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"], cwd=ROOT,
                         env=env, stdout=logs["worker"], stderr=subprocess.STDOUT),
    ]
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError((tmp / "server.log").read_text()) from None
                time.sleep(0.2)
        yield {"url": url, "tmp": tmp}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(10)
        for log in logs.values():
            log.close()


def test_fetch_all_shows_a_moving_progress_bar_and_downloads_the_csv(browser, app):
    context = browser.new_context(base_url=app["url"], accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(DEMO_USERNAME)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))
    page.goto('/compose/?n=1&0-rt=estate&0-act=read&0-params={"data":["Id","kaufpreis","ort"],"listlimit":20}')
    expect(page.locator("#cred")).to_contain_text("Sandbox (demo)")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    page.locator("#params-0").focus()
    page.keyboard.press("Control+Enter")

    button = page.get_by_role("button", name=f"Fetch all {ESTATES:,} records")
    expect(button).to_be_visible()
    page.locator("#call-result select[name=format]").select_option("csv")
    button.click()
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))

    bar = page.locator("progress.job-bar")
    seen = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = page.locator("[data-job-status=done]").count() == 1  # before the value: a swap may come between
        value = int(bar.get_attribute("value"))
        if not seen or seen[-1] != value:
            seen.append(value)
        if done:
            break
        page.wait_for_timeout(150)
    assert seen[-1] == 100 and page.locator("[data-job-status=done]").count() == 1, seen
    # The bar moved: it showed at least two values between empty and full, each larger than the one before.
    assert len([v for v in seen if 0 < v < 100]) >= 2 and seen == sorted(seen), seen
    expect(page.locator("#job-progress")).to_contain_text(f"{ESTATES:,} of {ESTATES:,} records")

    with page.expect_download() as info:
        page.locator("[data-job-download]").click()
    download = info.value
    assert re.fullmatch(r"onoffice-estate-job\d+\.csv", download.suggested_filename)
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0][0] == "ID" and len(rows) == ESTATES + 1
    assert len({r[0] for r in rows[1:]}) == ESTATES

    page.goto("/jobs/")
    expect(page.locator("#job-list")).to_contain_text("Done")
    assert violations == []
    context.close()
