#!/usr/bin/python3
"""Screenshots of the catalogue's back office in headless Chromium (desktop 1366 px, phone 390 px).

Needs a demo server (`swift run gongkai serve --demo --port 8072`); logs in as the demo head, opens the catalogue
list of 示例市教育局 (with an item overdue under 条例第二十六条), tries to publish the draft that has no 保密审查 (the
refusal is shown and kept in the history), then takes the list and the item page of the published document with its
policy interpretation and attachment:

    scripts/catalogue-staff-shots.py --base-url http://127.0.0.1:8072 --out docs/screenshots

Uses the helpers of scripts/browser-check.py (same Debian packages: chromium, chromium-driver, python3-selenium).
"""

import argparse
import importlib.util
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("browser_check", os.path.join(here, "browser-check.py"))
bc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bc)
By = bc.By


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--out", required=True)
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
        c.step = "list"
        c.get("/staff/catalogue?agency=edu")
        c.expect_text("政府信息公开目录")
        c.expect_text("已逾期")
        c.ok("catalogue list with an overdue item")
        c.screenshot("catalogue-staff-list-desktop.png", bc.DESKTOP_WIDTH)
        c.screenshot("catalogue-staff-list-phone.png", bc.PHONE_WIDTH)
        # The draft without a review: publishing is refused with the reason.
        c.step = "refused"
        link = driver.find_element(By.PARTIAL_LINK_TEXT, "教师公开招聘公告")
        driver.get(link.get_attribute("href"))
        c.submit_form_of(c.find("#publish button"), "publishing without a review")
        c.expect_text("尚未经过保密审查，不能发布")
        c.ok("publication refused with its reason")
        c.screenshot("catalogue-staff-refused-desktop.png", bc.DESKTOP_WIDTH)
        c.step = "item"
        c.get("/staff/catalogue?agency=edu")
        link = driver.find_element(By.PARTIAL_LINK_TEXT, "招生入学工作实施办法")
        driver.get(link.get_attribute("href"))
        c.expect_text("本文件的政策解读")
        c.expect_text("（全文）.pdf")
        c.ok("item page with interpretation and attachment")
        c.screenshot("catalogue-staff-item-desktop.png", bc.DESKTOP_WIDTH)
        c.screenshot("catalogue-staff-item-phone.png", bc.PHONE_WIDTH)
    except bc.CheckFailed as e:
        print(f"FAIL {e}", file=sys.stderr)
        return 1
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
