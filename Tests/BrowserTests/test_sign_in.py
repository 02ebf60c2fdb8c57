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


def test_the_sixth_wrong_password_in_a_minute_is_slowed(portal, system, accounts):
    system.create_account("slow.guess", "ทดสอบ ใส่รหัสผิด", "officer", accounts.password, region="north")
    for attempt in range(5):
        portal.sign_in("slow.guess", f"not the password {attempt}")
        expect(portal.page.locator(".problem")).to_have_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
    # The sixth try is refused before its password is compared: even the right one waits.
    portal.open("/sign-in")
    portal.page.get_by_label("ชื่อผู้ใช้").fill("slow.guess")
    portal.page.get_by_label("รหัสผ่าน").fill(accounts.password)
    with portal.page.expect_response(lambda response: response.request.method == "POST") as answer:
        portal.submit("เข้าสู่ระบบ")
    assert answer.value.status == 429
    expect(portal.page.locator(".problem")).to_contain_text("กรุณารอ")
    assert "/sign-in" in portal.page.url
    audit = system.psql("SELECT event, count(*) FROM portal.audit a JOIN portal.accounts u ON u.id = a.account_id "
                        "WHERE u.username = 'slow.guess' AND event LIKE 'sign-in%' GROUP BY event ORDER BY event")
    assert audit == [["sign-in-failed", "5"], ["sign-in-slowed", "1"]]


def test_the_session_cookie_is_http_only_strict_and_secure_behind_tls(portal, context, accounts):
    portal.sign_in(accounts.north, accounts.password)
    cookie = next(c for c in context.cookies() if c["name"] == "otop_session")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["secure"] is False, "plain HTTP on 127.0.0.1 without a TLS proxy in front"
    assert cookie["expires"] == -1, "a session cookie: gone when the browser closes"
    # Behind a TLS-terminating proxy (127.0.0.1 is a trusted proxy by default) the cookie is Secure.
    tls = context.browser.new_context(extra_http_headers={"X-Forwarded-Proto": "https"})
    try:
        page = tls.new_page()
        page.goto(portal.url("/sign-in"))
        page.get_by_label("ชื่อผู้ใช้").fill(accounts.north)
        page.get_by_label("รหัสผ่าน").fill(accounts.password)
        with page.expect_response(lambda response: response.request.method == "POST") as answer:
            page.get_by_role("button", name="เข้าสู่ระบบ").click()
        set_cookie = [h["value"] for h in answer.value.headers_array() if h["name"].lower() == "set-cookie"]
        session = next(value for value in set_cookie if value.startswith("otop_session="))
        assert "Secure" in session and "HttpOnly" in session and "SameSite=Strict" in session
    finally:
        tls.close()


def test_an_expired_session_goes_to_sign_in_and_back_keeps_what_was_typed(portal, system, accounts):
    portal.sign_in(accounts.north, accounts.password)
    portal.open("/enterprises/new")
    portal.page.get_by_label("ชื่อวิสาหกิจ").fill("กลุ่มจักสานไม้ไผ่บ้านป่าตึง")
    portal.page.get_by_label("อำเภอ").fill("แม่แตง")
    portal.page.get_by_label("ชื่อผลิตภัณฑ์").fill("ตะกร้าไม้ไผ่ลายขิด")
    portal.page.get_by_label("ชื่อผู้ติดต่อ").fill("นายสมบัติ ไผ่งาม")
    # The session ends while the officer types (idle expiry passed).
    system.psql("UPDATE portal.sessions s SET idle_expires_at = now() - interval '1 second' FROM portal.accounts a "
                "WHERE a.id = s.account_id AND a.username = :'username'", username=accounts.north)
    portal.submit("ลงทะเบียน")
    assert "/sign-in" in portal.page.url and "expired=1" in portal.page.url
    expect(portal.page.locator(".notice")).to_contain_text("หมดเวลาการใช้งาน")
    # Back: the browser still holds the form with what was typed.
    portal.page.go_back()
    expect(portal.page.get_by_label("ชื่อวิสาหกิจ")).to_have_value("กลุ่มจักสานไม้ไผ่บ้านป่าตึง")
    expect(portal.page.get_by_label("อำเภอ")).to_have_value("แม่แตง")
    expect(portal.page.get_by_label("ชื่อผลิตภัณฑ์")).to_have_value("ตะกร้าไม้ไผ่ลายขิด")
    # Signing in again from the sign-in page returns to the form's page.
    portal.page.go_forward()
    portal.page.get_by_label("ชื่อผู้ใช้").fill(accounts.north)
    portal.page.get_by_label("รหัสผ่าน").fill(accounts.password)
    portal.submit("เข้าสู่ระบบ")
    assert portal.page.url.endswith("/enterprises/new")


def test_the_english_switch(portal, accounts):
    portal.sign_in(accounts.north, accounts.password)
    portal.page.get_by_role("link", name="English").click()
    portal.page.wait_for_url("**/queues")
    portal.checked()
    expect(portal.page.locator("html")).to_have_attribute("lang", "en")
    expect(portal.page.locator("h1")).to_have_text("Work queues")
    expect(portal.page.get_by_role("navigation")).to_contain_text("Requests")
    # The choice stays with the session on every page until switched back.
    portal.open("/requests")
    expect(portal.page.locator("h1")).to_have_text("Requests")
    portal.page.get_by_role("link", name="ไทย").click()
    portal.page.wait_for_url("**/requests")
    expect(portal.page.locator("h1")).to_have_text("คำขอรับบริการ")
