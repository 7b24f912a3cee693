#!/usr/bin/python3
"""Screenshots of the oversight dashboard in headless Chromium (desktop 1366 px, phone 390 px).

Reuses scripts/browser-check.py's driver and full-page screenshot.  Expects a demo server
(`swift run gongkai serve --demo --port 8091`); logs in as the demo's oversight officer
(oversight / gongkai-demo) and saves dashboard-desktop.png and dashboard-phone.png in --out:

    /usr/bin/python3 scripts/dashboard-screenshots.py --base-url http://127.0.0.1:8091 --out docs/screenshots
"""

import argparse
import importlib.util
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("browser_check", os.path.join(here, "browser-check.py"))
bc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bc)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--path", default="/staff/dashboard", help="the page to capture after login")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    driver = bc.make_driver()
    c = bc.Checker(driver, args.base_url, args.out)
    try:
        c.step = "login"
        c.get("/staff/login")
        c.fill("username", "oversight")
        c.fill("password", bc.STAFF_PASSWORD)
        c.submit_form_of(c.find("#username"))
        if "/staff/login" in driver.current_url:
            c.fail("login as oversight failed")
        c.step = "dashboard"
        c.get(args.path)
        c.find("table.dashboard", "agencies table")
        if len(driver.find_elements(bc.By.CSS_SELECTOR, "svg.chart")) != 3:
            c.fail("expected three charts")
        c.screenshot("dashboard-desktop.png", bc.DESKTOP_WIDTH)
        c.screenshot("dashboard-phone.png", bc.PHONE_WIDTH)
    except bc.CheckFailed as e:
        print(f"FAIL {e}", file=sys.stderr)
        return 1
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
