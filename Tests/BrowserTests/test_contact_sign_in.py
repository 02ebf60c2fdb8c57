"""Contact persons' sign-in with a one-time code (issue 15): a provider's contact person opens a
`/my/...` link, is sent to the code tab, gets the code in the local mailbox, types it and comes back
to the link; a used code and the sixth wrong code are refused; another party's link says "not yours"."""
import email
import email.policy
import os
import re
import time
import uuid
from pathlib import Path

from playwright.sync_api import expect

from system import eventually


def code_mail(address, since):
    """The 6-digit code and the code page's link in the newest sign-in mail to `address`."""
    folder = Path(os.environ["OTOP_MAILDIR"]) / "new"

    def find():
        for path in sorted(folder.iterdir(), key=lambda item: item.stat().st_mtime, reverse=True):
            if path.stat().st_mtime < since:
                break
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address not in str(message["To"]):
                continue
            body = message.get_body(preferencelist=("plain",)).get_content()
            code = re.search(r"\b(\d{6})\b", body)
            link = re.search(r"https?://\S+/sign-in/codes/[0-9a-f-]{36}", body)
            if code and link:
                return code.group(1), link.group(0)
        return None
    return eventually(f"the sign-in code mail to {address}", find, timeout=60)


def ask_code(portal, identifier):
    portal.page.get_by_label("เบอร์โทรศัพท์มือถือหรืออีเมล").fill(identifier)
    portal.submit("ขอรหัสเข้าสู่ระบบ")


def test_a_provider_signs_in_with_a_mailed_code_and_returns_to_the_link(portal, system, programme):
    address = f"code-{uuid.uuid4().hex[:8]}@browser.test"
    provider = programme.provider("ศูนย์ทดสอบรหัส", email=address)
    since = time.time() - 1
    portal.open("/my/sessions")
    assert "/sign-in?next=%2Fmy%2Fsessions" in portal.page.url
    ask_code(portal, address)
    expect(portal.page.locator("h1")).to_have_text("พิมพ์รหัส 6 หลัก")
    expect(portal.page.locator(".notice")).to_contain_text("หากข้อมูลนี้ลงทะเบียนไว้")
    code, link = code_mail(address, since)
    assert link.split("/sign-in/codes/")[1] in portal.page.url
    portal.page.get_by_label("รหัส 6 หลัก").fill(code)
    portal.page.get_by_label("จำเครื่องนี้ไว้ 30 วัน").check()
    portal.submit("เข้าสู่ระบบ")
    assert portal.page.url.endswith("/my/sessions")
    expect(portal.page.locator("header .who")).to_contain_text("ผู้ประสานงานทดสอบ")
    expect(portal.page.locator("table")).to_contain_text("จำไว้ 30 วัน")
    audit = system.psql("SELECT event FROM portal.audit WHERE subject = :'subject' ORDER BY id",
                        subject=f"contact:{provider['id']}:0")
    assert audit == [["sign-in"]]
    # Home lists what waits; an officers' page is refused.
    portal.open("/my")
    expect(portal.page.locator("h1")).to_contain_text("ผู้ประสานงานทดสอบ")
    assert portal.open("/queues").status == 403


def test_a_used_code_and_the_sixth_wrong_code_are_refused(portal, context, programme):
    address = f"wrong-{uuid.uuid4().hex[:8]}@browser.test"
    programme.provider("ศูนย์ทดสอบรหัสผิด", email=address)
    since = time.time() - 1
    portal.open("/sign-in?tab=contact")
    ask_code(portal, address)
    code, link = code_mail(address, since)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1, 0):
        portal.page.get_by_label("รหัส 6 หลัก").fill(wrong)
        portal.submit("เข้าสู่ระบบ")
        expect(portal.page.locator(".problem")).to_contain_text(f"ลองได้อีก {left} ครั้ง")
        if left == 0:
            break
    # The form is gone after the fifth wrong try; typing the right code on the link now is refused (locked).
    portal.open("/sign-in/codes/" + link.split("/sign-in/codes/")[1])
    portal.page.get_by_label("รหัส 6 หลัก").fill(code)
    portal.submit("เข้าสู่ระบบ")
    expect(portal.page.locator(".problem")).to_contain_text("รหัสนี้ใช้ไม่ได้แล้ว")
    expect(portal.page.get_by_role("link", name="ขอรหัสใหม่")).to_be_visible()

    # A fresh code works once; the same code again is refused as used.
    since = time.time() - 1
    portal.open("/sign-in?tab=contact")
    ask_code(portal, address)
    code, link = code_mail(address, since)
    code_path = "/sign-in/codes/" + link.split("/sign-in/codes/")[1]
    portal.page.get_by_label("รหัส 6 หลัก").fill(code)
    portal.submit("เข้าสู่ระบบ")
    assert "/my" in portal.page.url
    context.clear_cookies()
    portal.open(code_path)
    portal.page.get_by_label("รหัส 6 หลัก").fill(code)
    portal.submit("เข้าสู่ระบบ")
    expect(portal.page.locator(".problem")).to_contain_text("รหัสนี้ใช้ไปแล้ว")
