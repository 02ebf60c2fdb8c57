#!/usr/bin/env python3
"""Screenshots of every page of a running portal, at desktop width (1280 px) and on a phone (360 px),
into docs/portal/ (PNG, the page's full length up to 2,400 px). Made against the demo
(`scripts/run.sh`, whose demo scene fills every page), signed in as its accounts:

  $OTOP_VENV/bin/python scripts/portal_screenshots.py --portal http://127.0.0.1:8084 \\
      --officer officer.north --national officer.national --operator operator.demo --password mango-sticky-rice-2570

Playwright drives Debian's chromium (as the browser tests do). Prints each file written."""
import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = {"1280": {"width": 1280, "height": 900}, "360": {"width": 360, "height": 780}}
MAX_HEIGHT = 2400


def first_link(page, section_heading):
    """The first link inside the table of the section titled `section_heading`."""
    section = page.locator("section").filter(has=page.get_by_role("heading", name=section_heading, exact=True))
    return section.locator("tbody a").first.get_attribute("href")


def sign_in(page, base, username, password):
    page.goto(base + "/sign-in")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="เข้าสู่ระบบ").click()


def shoot(page, base, name, path, out, width):
    page.goto(base + path)
    page.wait_for_load_state("load")
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    file = out / f"{name}-{width}.png"
    page.screenshot(path=str(file), clip={"x": 0, "y": 0, "width": WIDTHS[width]["width"], "height": height}, full_page=True)
    print(f"{file.relative_to(ROOT)}  ({path})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--portal", default="http://127.0.0.1:8084")
    parser.add_argument("--officer", default="officer.north", help="a regional officer (the demo scene's region)")
    parser.add_argument("--national", default="officer.national", help="a national officer (imports, every region)")
    parser.add_argument("--operator", default="operator.demo")
    parser.add_argument("--password", default="mango-sticky-rice-2570")
    parser.add_argument("--out", default=str(ROOT / "docs" / "portal"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    base = options.portal.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=options.chromium, args=["--no-sandbox"])
        for width, viewport in WIDTHS.items():
            context = browser.new_context(locale="th-TH", viewport=viewport)
            page = context.new_page()
            shoot(page, base, "sign-in", "/sign-in", out, width)

            sign_in(page, base, options.officer, options.password)
            page.goto(base + "/queues")
            request = first_link(page, "ข้อเสนอที่เลยกำหนดตอบ")
            certificate = first_link(page, "ใบรับรองที่จะหมดอายุภายใน 90 วัน")
            page.goto(base + "/providers")
            provider = first_link(page, "รายการ")
            page.goto(base + "/enterprises")
            enterprise = first_link(page, "รายการ")
            page.goto(base + "/rounds")
            round_path = first_link(page, "รอบที่ผ่านมา")
            for name, path in [("queues", "/queues"), ("search", "/search?q=%E0%B8%99%E0%B9%89%E0%B8%B3%E0%B8%9E%E0%B8%A3%E0%B8%B4%E0%B8%81"),
                               ("requests", "/requests"), ("request", request), ("enterprises", "/enterprises"),
                               ("enterprise", enterprise), ("enterprise-new", "/enterprises/new"), ("providers", "/providers"),
                               ("provider", provider), ("provider-new", "/providers/new"), ("certificate", certificate),
                               ("budgets", "/budgets"), ("budget", "/budgets/2570/north"), ("rounds", "/rounds"),
                               ("round", round_path), ("account", "/account"), ("not-found", "/requests/00000000-0000-4000-8000-000000000000")]:
                shoot(page, base, name, path, out, width)
            page.goto(base + "/language/en?next=/queues")
            shoot(page, base, "queues-en", "/queues", out, width)
            page.goto(base + "/language/th?next=/queues")
            context.close()

            context = browser.new_context(locale="th-TH", viewport=viewport)
            page = context.new_page()
            sign_in(page, base, options.national, options.password)
            for name, path in [("dashboard", "/dashboard"), ("imports", "/imports")]:
                shoot(page, base, name, path, out, width)
            context.close()

            context = browser.new_context(locale="th-TH", viewport=viewport)
            page = context.new_page()
            sign_in(page, base, options.operator, options.password)
            for name, path in [("operations", "/operations"), ("accounts", "/operations/accounts"), ("api-keys", "/operations/api-keys")]:
                shoot(page, base, name, path, out, width)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
