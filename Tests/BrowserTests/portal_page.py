"""A browser tab on the portal, as a person uses it: opening pages, signing in, filling and sending
forms. Every page it lands on is checked with axe (accessibility.py)."""
import re

from playwright.sync_api import expect


class PortalPage:
    def __init__(self, page, base, accessibility):
        self.page = page
        self.base = base
        self.accessibility = accessibility

    def url(self, path):
        return self.base + path

    def open(self, path):
        """Opens `path`; returns the navigation's response (its status tells a 404 page from a 200)."""
        response = self.page.goto(self.url(path))
        self.checked()
        return response

    def checked(self):
        """Runs axe on the page now shown."""
        self.page.wait_for_load_state("load")
        self.accessibility.check(self.page)

    def submit(self, button_name, within=None):
        """Clicks the form button named `button_name` (inside `within`, a locator, when given) and
        waits for the page the portal answers with."""
        scope = within if within is not None else self.page
        with self.page.expect_navigation():
            scope.get_by_role("button", name=button_name, exact=True).first.click()
        self.checked()

    def sign_in(self, username, password, path="/sign-in"):
        self.open(path)
        self.page.get_by_label("ชื่อผู้ใช้").fill(username)
        self.page.get_by_label("รหัสผ่าน").fill(password)
        self.submit("เข้าสู่ระบบ")

    def sign_out(self):
        self.submit("ออกจากระบบ", within=self.page.locator("header"))

    def heading(self):
        return self.page.locator("h1").inner_text()

    def section(self, heading):
        """The page section under the `<h2>` named `heading`."""
        return self.page.locator("section").filter(has=self.page.get_by_role("heading", name=heading, exact=True))

    def form(self, heading):
        """The form under the `<h3>` named `heading` (a request's actions each have one)."""
        return self.page.locator("form").filter(has=self.page.get_by_role("heading", name=heading, exact=True))

    def row(self, section, text):
        """The rows of the section named `section` that contain `text`."""
        return self.section(section).get_by_role("row").filter(has_text=text)

    def csrf(self):
        return self.page.locator("input[name=_csrf]").first.get_attribute("value")

    def expect_notice(self, text):
        expect(self.page.locator(".notice")).to_contain_text(text)

    def reload_until(self, what, predicate, timeout=60.0):
        """Reloads the page until `predicate(page)` holds (state arriving from another service)."""
        import time
        deadline = time.monotonic() + timeout
        while not predicate(self.page):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} on {self.page.url}")
            self.page.wait_for_timeout(300)
            self.page.reload()
        self.checked()


def uuid_in(url):
    match = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", url)
    return match.group(0) if match else None
