"""Signing in and out, slowed guessing, the session cookie, expiry and the English switch."""
import re

from playwright.sync_api import expect


def test_sign_in_lands_on_the_queues_and_sign_out_ends_the_session(portal, accounts):
    portal.sign_in(accounts.north, accounts.password)
    assert portal.page.url.endswith("/queues")
    expect(portal.page.locator("h1")).to_have_text("งานที่รอดำเนินการ")
    expect(portal.page.locator("header .who")).to_contain_text("สมชาย ใจดี · เจ้าหน้าที่โครงการ · ภาคเหนือ")
    portal.sign_out()
    assert "/sign-in" in portal.page.url
    portal.expect_notice("ออกจากระบบแล้ว")
    # The same browser has no session any more: a page sends it to sign-in, with where it was going.
    portal.open("/requests")
    assert re.search(r"/sign-in\?next=%2Frequests", portal.page.url)
