#!/usr/bin/python3
"""Screenshots of the annual report editor in headless Chromium (desktop 1366 px, phone 390 px).

Needs a demo server (`swift run gongkai serve --demo --port 8092`); logs in as the demo head, opens the draft of
the current year (the demo publishes last year's reports, so this year's draft has last year's report as the
previous one), types table 二 through the page (one row left empty, so that its cells show rule S2 beside them)
and saves it, then takes the screenshots:

    scripts/report-editor-shots.py --base-url http://127.0.0.1:8092 --out docs/screenshots

Uses the helpers of scripts/browser-check.py (same Debian packages: chromium, chromium-driver, python3-selenium).
"""

import argparse
import importlib.util
import os
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("browser_check", os.path.join(here, "browser-check.py"))
bc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bc)
By = bc.By


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--year", type=int, default=time.localtime().tm_year)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    driver = bc.make_driver()
    c = bc.Checker(driver, args.base_url, args.out)
    try:
        c.step = "login"
        c.get("/staff/login")
        c.fill("username", "head")
        c.fill("password", bc.STAFF_PASSWORD)
        c.submit_form_of(c.find("#username"))
        if "/staff/login" in driver.current_url:
            c.fail("login as head failed")
        c.step = "editor"
        c.get(f"/staff/reports?year={args.year}")
        c.expect_text("表二 主动公开政府信息情况")
        # Table 二 of the 2021 format, the row 行政强制 (t2-2-1) left empty.
        values = {"t2-0-0": ["2", "1", "18"], "t2-0-1": ["14", "3", "126"], "t2-1-0": ["412"], "t2-2-0": ["57"], "t2-3-0": ["3.6"]}
        for row, cells in values.items():
            for i, v in enumerate(cells):
                el = c.find(f"input[name='{row}-{i}']")
                el.clear()
                el.send_keys(v)
        c.submit_form_of(c.find("input[name='t2-0-0-0']"), "saving table 二")
        c.expect_text("表二已保存")
        c.ok("table 二 saved through the page")
        c.screenshot("report-editor-desktop.png", bc.DESKTOP_WIDTH)
        c.screenshot("report-editor-phone.png", bc.PHONE_WIDTH)
    except bc.CheckFailed as e:
        print(f"FAIL {e}", file=sys.stderr)
        return 1
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
