#!/usr/bin/python3
"""Screenshots of the letter preview in headless Chromium (desktop 1366 px, phone 390 px).

Needs a demo server (`swift run gongkai serve --demo --port 8093`); logs in as the demo head, opens the first
decided application of the queue, chooses 政府信息公开申请答复书 in the 文书 panel and presses 预览, then takes the
screenshots of the preview (nothing is issued):

    scripts/letter-preview-shots.py --base-url http://127.0.0.1:8093 --out docs/screenshots
    scripts/letter-preview-shots.py --base-url http://127.0.0.1:8093 --out docs/screenshots --lang en   # letter-preview-en-*.png

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
    parser.add_argument("--user", default="head")
    parser.add_argument("--lang", choices=["zh-CN", "en"], default="zh-CN", help="page language (the letter itself stays Chinese)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    driver = bc.make_driver()
    c = bc.Checker(driver, args.base_url, args.out)
    try:
        en = args.lang == "en"
        c.step = "login"
        c.get("/staff/login?lang=" + args.lang)
        c.fill("username", args.user)
        c.fill("password", bc.STAFF_PASSWORD)
        c.submit_form_of(c.find("#username"))
        if "/staff/login" in driver.current_url:
            c.fail(f"login as {args.user} failed")
        c.step = "decided application"
        c.get("/staff/queue?state=decided")
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href*='/staff/applications/']")]
        if not links:
            c.fail("no decided application in the queue")
        # The first decided application whose 答复书 needs no typed reasons (not 其他处理).
        for link in links[:20]:
            driver.get(link)
            c.expect_text("Letters" if en else "文书")
            # Open the 发出文书 panel, keep the first kind (答复书) and press 预览.
            driver.execute_script("document.querySelectorAll('#letters details').forEach(function (d) { d.open = true; });")
            c.find("button[formaction$='/letters/preview']", "the 预览 button").click()
            bc.WebDriverWait(driver, 20).until(
                lambda d: d.current_url.endswith("/letters/preview") and d.execute_script("return document.readyState") == "complete")
            if ("Letter preview" if en else "文书预览") in driver.page_source:
                break
        c.step = "preview"
        c.expect_text("Letter preview" if en else "文书预览")
        c.expect_text("（盖章）")
        c.ok(f"letter preview shown ({driver.current_url})")
        suffix = "-en" if en else ""
        c.screenshot(f"letter-preview{suffix}-desktop.png", bc.DESKTOP_WIDTH)
        c.screenshot(f"letter-preview{suffix}-phone.png", bc.PHONE_WIDTH)
    except bc.CheckFailed as e:
        print(f"FAIL {e}", file=sys.stderr)
        return 1
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
