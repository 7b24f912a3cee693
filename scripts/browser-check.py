#!/usr/bin/python3
"""Real-browser check of the Gongkai portal and staff back office.

Drives headless Chromium (Debian packages: chromium, chromium-driver,
python3-selenium; fonts-noto-cjk for readable Chinese in the screenshots)
through the public application form, the status page, the staff login, the
queue and one application page, and saves full-page PNG screenshots at a
desktop width (1366 px) and a phone width (390 px).

Usually run through scripts/browser-check.sh, which starts a demo server:

    scripts/browser-check.py --base-url http://127.0.0.1:8080 --out .build/screenshots

Each step prints one line (a screenshot line warns when the page is wider than
the window); the first failed check exits with status 1 and a message naming
the step.  It expects a server started with `serve --demo`
(demo account clerk / gongkai-demo, agency code edu).
"""

import argparse
import os
import re
import shutil
import signal
import sys
import time
from urllib.parse import urljoin

try:
    from selenium import webdriver
    from selenium.common.exceptions import (NoSuchElementException, StaleElementReferenceException,
                                            TimeoutException, WebDriverException)
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    sys.exit("browser-check: selenium is missing; install the Debian packages: "
             "apt-get install -y chromium chromium-driver python3-selenium fonts-noto-cjk "
             "(and run this script with /usr/bin/python3)")

DESKTOP_WIDTH = 1366
PHONE_WIDTH = 390
INITIAL_HEIGHT = 900

APPLICANT = {
    "applicantName": "王小明",
    "idNumber": "640502198806151234",  # valid GB 11643 check digit
    "phone": "13912345678",
    "email": "wang@example.com",
    "address": "示例市幸福路8号",
    "infoTitle": "2025年义务教育学校招生划片方案",
    "requestText": "请公开2025年义务教育学校招生划片方案全文。",
}
STAFF_USER = "clerk"
STAFF_PASSWORD = "gongkai-demo"


class CheckFailed(Exception):
    pass


class Checker:
    def __init__(self, driver, base_url, out_dir):
        self.d = driver
        self.base = base_url.rstrip("/") + "/"
        self.out = out_dir
        self.step = "setup"
        self.shots = []

    # ----- helpers -------------------------------------------------------
    def url(self, path):
        return urljoin(self.base, path.lstrip("/"))

    def fail(self, message):
        raise CheckFailed(f"[{self.step}] {message}")

    def ok(self, message):
        print(f"ok   {self.step}: {message}", flush=True)

    def get(self, path):
        self.d.get(self.url(path))

    def find(self, css, what=None):
        try:
            return self.d.find_element(By.CSS_SELECTOR, css)
        except NoSuchElementException:
            self.fail(f"{what or css} not found on {self.d.current_url} (selector {css!r})")

    def body_text(self):
        return self.d.find_element(By.TAG_NAME, "body").text

    def expect_text(self, needle):
        if needle not in self.body_text():
            self.fail(f"page {self.d.current_url} does not show {needle!r}")

    def expect_status_ok(self):
        # Error pages (404, 403, 500 ...) render with the title "出错了 — 政府信息公开平台".
        if self.d.title.startswith("出错了"):
            main = self.d.find_elements(By.TAG_NAME, "main")
            detail = (main[0].text if main else self.body_text())[:300].replace("\n", " ")
            self.fail(f"error page at {self.d.current_url}: {detail}")

    def fill(self, field_id, value):
        el = self.find(f"#{field_id}", f"input #{field_id}")
        el.clear()
        el.send_keys(value)

    def set_width(self, width):
        self.d.set_window_size(width, INITIAL_HEIGHT)
        time.sleep(0.2)

    def screenshot(self, name, width):
        """Full-page screenshot at the given width: grow the window to the page height."""
        self.set_width(width)
        # The window is taller than the viewport (headless Chromium keeps room for
        # its browser UI), so add that difference; re-measure once in case the
        # layout changes with the height.
        for _ in range(2):
            page_height, chrome_height = self.d.execute_script(
                "return [Math.max(document.body.scrollHeight, document.documentElement.scrollHeight),"
                " window.outerHeight - window.innerHeight];")
            self.d.set_window_size(width, max(int(page_height) + int(chrome_height), 200))
            time.sleep(0.2)
        self.d.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
        time.sleep(0.2)
        # Horizontal overflow of the whole page is a layout bug worth reporting.
        overflow = self.d.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        path = os.path.join(self.out, name)
        if not self.d.save_screenshot(path):
            self.fail(f"could not save screenshot {path}")
        self.shots.append(path)
        note = f" (warning: page is {overflow}px wider than the viewport)" if overflow > 0 else ""
        self.ok(f"screenshot {path} at {width}px{note}")
        self.set_width(DESKTOP_WIDTH)

    def fill_application(self, id_number):
        Select(self.find("select#applicantKind")).select_by_value("natural-person")
        values = dict(APPLICANT, idNumber=id_number)
        for field_id, value in values.items():
            self.fill(field_id, value)
        for name, value in (("provisionForm", "electronic"), ("deliveryMethod", "email")):
            radio = self.find(f"input[type=radio][name={name}][value={value}]", f"radio {name}={value}")
            radio.click()
            if not radio.is_selected():
                self.fail(f"radio {name}={value} did not get selected")

    def click_and_wait(self, element, what):
        """Click something that loads a new page, and wait until that page has loaded."""
        old_page = self.d.find_element(By.TAG_NAME, "html")
        try:
            element.click()
        except StaleElementReferenceException:
            pass  # the new page replaced the old one while chromedriver was still clicking
        except WebDriverException as e:
            # The same race, reported by Chromium's inspector instead ("Node with given id does not belong to the
            # document") on a loaded machine; anything else is a real failure.
            if "does not belong to the document" not in str(e):
                raise
        try:
            WebDriverWait(self.d, 30).until(EC.staleness_of(old_page))
            WebDriverWait(self.d, 30).until(
                lambda d: d.execute_script("return document.readyState") == "complete")
        except TimeoutException:
            self.fail(f"{what} did not load a new page within 30 s (still at {self.d.current_url})")

    def submit_form_of(self, element, what="submitting the form"):
        form = element.find_element(By.XPATH, "./ancestor::form")
        button = form.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]")
        self.click_and_wait(button, what)

    # ----- steps -----------------------------------------------------------
    def home(self):
        self.step = "home"
        self.get("/")
        if "政府信息公开" not in self.d.title:
            text = self.body_text()[:200].replace("\n", " ")
            self.fail(f"title {self.d.title!r} does not contain 政府信息公开 "
                      f"(is the server up at {self.base}? page says: {text})")
        self.ok(f"title {self.d.title!r}")

    def apply(self):
        self.step = "apply"
        self.get("/apply?agency=edu")
        self.expect_status_ok()
        agency = Select(self.find("select#agencyCode")).first_selected_option.get_attribute("value")
        if agency != "edu":
            self.fail(f"agency select preselected {agency!r}, expected 'edu'")
        self.fill_application(APPLICANT["idNumber"])
        self.screenshot("apply-desktop.png", DESKTOP_WIDTH)
        self.screenshot("apply-phone.png", PHONE_WIDTH)
        self.submit_form_of(self.find("#applicantName"))
        self.ok(f"form submitted, now at {self.d.current_url}")

    def status(self):
        self.step = "status"
        self.expect_status_ok()
        errors = self.d.find_elements(By.CSS_SELECTOR, ".field-error")
        if errors:
            self.fail("the application was not accepted: "
                      + "; ".join(e.text for e in errors if e.text.strip()))
        code = self.find(".query-code strong", "query code (.query-code strong)").text.strip()
        if not re.fullmatch(r"[0-9A-Z]{10}", code):
            self.fail(f"query code {code!r} is not 10 characters of 0-9A-Z")
        self.expect_text("办理中")
        self.expect_text("收到申请之日")
        self.screenshot("status-desktop.png", DESKTOP_WIDTH)
        self.screenshot("status-phone.png", PHONE_WIDTH)
        self.ok(f"query code {code}, shows 办理中 and 收到申请之日")
        return code

    def apply_error(self):
        self.step = "apply-error"
        self.get("/apply?agency=edu")
        good = APPLICANT["idNumber"]
        wrong = good[:-1] + str((int(good[-1]) + 1) % 10) if good[-1].isdigit() else good[:-1] + "0"
        self.fill_application(wrong)
        self.submit_form_of(self.find("#applicantName"))
        self.expect_status_ok()
        if self.d.find_elements(By.CSS_SELECTOR, ".query-code strong"):
            self.fail(f"wrong ID number {wrong} was accepted")
        id_input = self.find("#idNumber", "input #idNumber")
        field = id_input.find_element(By.XPATH, "./ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' field ')][1]")
        field_errors = [e.text for e in field.find_elements(By.CSS_SELECTOR, ".field-error")]
        if not any("校验码不对" in t for t in field_errors):
            all_errors = [e.text for e in self.d.find_elements(By.CSS_SELECTOR, ".field-error")]
            self.fail(f"no .field-error containing 校验码不对 beside #idNumber "
                      f"(beside it: {field_errors!r}; on page: {all_errors!r})")
        kept = self.find("#applicantName").get_attribute("value")
        if kept != APPLICANT["applicantName"]:
            self.fail(f"applicantName not kept after the error: {kept!r}")
        self.screenshot("apply-error-phone.png", PHONE_WIDTH)
        self.ok(f"ID {wrong} rejected with {field_errors[0]!r}; name kept")

    def staff_login(self):
        self.step = "staff-login"
        self.get("/staff/login")
        self.fill("username", STAFF_USER)
        self.fill("password", STAFF_PASSWORD)
        self.submit_form_of(self.find("#username"))
        if "/staff/login" in self.d.current_url:
            errors = self.body_text()[:300].replace("\n", " ")
            self.fail(f"login as {STAFF_USER} failed, still on {self.d.current_url}: {errors}")
        self.ok(f"logged in as {STAFF_USER}, now at {self.d.current_url}")

    def queue(self, code):
        self.step = "queue"
        self.get("/staff/queue")
        self.expect_status_ok()
        if "/staff/login" in self.d.current_url:
            self.fail("redirected to the login page; the session was not kept")
        self.find("table.queue", "queue table")
        self.screenshot("queue-desktop.png", DESKTOP_WIDTH)
        self.screenshot("queue-phone.png", PHONE_WIDTH)
        search = self.find("input[name=q]", "search input")
        search.clear()
        search.send_keys(code)
        Select(self.find("select[name=state]")).select_by_value("all")
        self.submit_form_of(search)
        self.expect_status_ok()
        links = self.d.find_elements(By.CSS_SELECTOR, "table.queue tbody tr td:first-child a")
        codes = [a.text.strip() for a in links]
        if codes != [code]:
            self.fail(f"searching {code} (state all) listed {codes!r}, expected exactly [{code!r}]")
        self.ok(f"search for {code} lists exactly that application")
        self.click_and_wait(links[0], f"clicking {code} in the queue")

    def application(self, code):
        self.step = "application"
        self.expect_status_ok()
        if code not in self.d.current_url:
            self.fail(f"clicking {code} led to {self.d.current_url}")
        self.expect_text(APPLICANT["applicantName"])
        self.expect_text("答复期限的计算")
        self.screenshot("application-desktop.png", DESKTOP_WIDTH)
        self.screenshot("application-phone.png", PHONE_WIDTH)
        self.ok(f"application {code} shows {APPLICANT['applicantName']} and 答复期限的计算")
        # The action forms (补正, 征求意见, 收费, 答复) sit in collapsed <details>;
        # open them as a person would and look at them at phone width too.
        summaries = self.d.find_elements(By.CSS_SELECTOR, "details > summary")
        for summary in summaries:
            summary.click()
        self.screenshot("application-actions-phone.png", PHONE_WIDTH)
        self.ok(f"opened {len(summaries)} action sections")

    def run(self):
        self.home()
        self.apply()
        code = self.status()
        self.apply_error()
        self.staff_login()
        self.queue(code)
        self.application(code)


def make_driver():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars",
                "--lang=zh-CN", f"--window-size={DESKTOP_WIDTH},{INITIAL_HEIGHT}"):
        options.add_argument(arg)
    for binary in (os.environ.get("CHROMIUM_BIN"), "/usr/bin/chromium", shutil.which("chromium")):
        if binary and os.path.exists(binary):
            options.binary_location = binary
            break
    driver_path = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not os.path.exists(driver_path):
        sys.exit("browser-check: chromedriver not found; apt-get install -y chromium chromium-driver")
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    driver.implicitly_wait(0)
    return driver


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8080")
    parser.add_argument("--out", required=True, help="directory for the PNG screenshots")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    def on_sigterm(signum, frame):
        raise KeyboardInterrupt("SIGTERM")
    signal.signal(signal.SIGTERM, on_sigterm)  # so that `finally` quits the browser

    started = time.monotonic()
    try:
        driver = make_driver()
    except WebDriverException as e:
        print(f"FAIL setup: could not start headless Chromium: {e.msg or e}", file=sys.stderr)
        return 1
    checker = Checker(driver, args.base_url, args.out)
    try:
        checker.run()
    except CheckFailed as e:
        print(f"FAIL {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"FAIL [{checker.step}] interrupted", file=sys.stderr)
        return 130
    except WebDriverException as e:
        # Where in this script it happened (the last frame of ours), to tell a flaky race from a real fault.
        import traceback
        ours = [f for f in traceback.extract_tb(e.__traceback__) if f.filename.endswith("browser-check.py")]
        where = f" (browser-check.py line {ours[-1].lineno}: {ours[-1].line})" if ours else ""
        print(f"FAIL [{checker.step}] browser error at {driver.current_url}: {e.msg or e}{where}", file=sys.stderr)
        return 1
    finally:
        driver.quit()
    print(f"browser check passed: {len(checker.shots)} screenshots in {args.out} "
          f"({time.monotonic() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
