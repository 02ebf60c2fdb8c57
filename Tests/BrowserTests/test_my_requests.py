"""An enterprise's contact person, signed in with a code on a phone (360×740), reads the enterprise's
requests: each with its state and what happens next, and one request with who acts, by when, and its
timeline in plain Thai; another enterprise's request is "not found, or not yours". And submits a new
request (intake's refusal beside its field first)."""
import time
import uuid

import pytest
from playwright.sync_api import expect

from portal_page import PortalPage
from test_contact_sign_in import ask_code, code_mail


@pytest.fixture
def phone(chromium, system, accessibility):
    context = chromium.new_context(locale="th-TH", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    yield PortalPage(context.new_page(), system.portal, accessibility)
    context.close()


def sign_in_by_mail(phone, address):
    """On the code tab the sign-in page shows, the contact person types their e-mail; the code comes by mail."""
    since = time.time() - 1
    ask_code(phone, address)
    code, _ = code_mail(address, since)
    phone.page.get_by_label("รหัส 6 หลัก").fill(code)
    phone.submit("เข้าสู่ระบบ")


def test_an_enterprise_reads_its_requests_and_what_happens_next(phone, programme):
    address = f"requests-{uuid.uuid4().hex[:8]}@browser.test"
    enterprise = programme.enterprise("กลุ่มแปรรูปลำไยบ้านหนองช้างคืน", email=address, product="ลำไยอบแห้งสีทอง")
    request = programme.request(enterprise)  # officers screen every request in these runs: it waits for the officer
    other = programme.request(programme.enterprise("กลุ่มอื่นที่ไม่ใช่ของท่าน"))
    phone.open("/my/requests")
    sign_in_by_mail(phone, address)
    assert phone.page.url.endswith("/my/requests")
    row = phone.page.get_by_role("row").filter(has_text=request["reference"])
    expect(row).to_contain_text("ลำไยอบแห้งสีทอง")
    expect(row).to_contain_text("เจ้าหน้าที่โครงการในภูมิภาคของท่านคัดกรองคำขอ")
    expect(phone.page.get_by_role("row").filter(has_text=other["reference"])).to_have_count(0)
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360

    row.get_by_role("link", name=request["reference"]).click()
    phone.checked()
    next_step = phone.section("ขั้นตอนต่อไป")
    expect(next_step).to_contain_text("ผู้ดำเนินการ")
    expect(next_step).to_contain_text("เจ้าหน้าที่โครงการ")
    expect(next_step).to_contain_text("ภายใน 7 วันทำการ")
    expect(phone.section("ความเป็นมาของคำขอ").get_by_role("row")).not_to_have_count(1)  # the header and at least one event
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360

    assert phone.open(f"/my/requests/{other['id']}").status == 404
    expect(phone.page.locator("main")).to_contain_text("ไม่ใช่ของหน่วยงานของท่าน")


def test_an_enterprise_submits_a_new_request_from_its_phone(phone, programme):
    address = f"new-request-{uuid.uuid4().hex[:8]}@browser.test"
    programme.enterprise("กลุ่มน้ำพริกเผาบ้านสันทราย", email=address, product="น้ำพริกเผาสูตรโบราณ")
    phone.open("/my/requests")
    sign_in_by_mail(phone, address)
    phone.page.get_by_role("link", name="ยื่นคำขอใหม่").click()
    phone.checked()
    assert phone.page.url.endswith("/my/requests/new")
    expect(phone.page.locator("select[name=productId]")).to_contain_text("น้ำพริกเผาสูตรโบราณ")
    expect(phone.page.locator("main")).to_contain_text("ฉลาก กล่อง บรรจุภัณฑ์")  # each service area says what it covers
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360
    # No service area ticked: intake's refusal beside the field, the needs typed kept.
    needs = "น้ำพริกขึ้นราเร็ว อยากยืดอายุและได้ มผช."
    phone.page.locator("textarea[name=description]").fill(needs)
    phone.submit("ส่งคำขอ")
    expect(phone.page.locator(".field.invalid")).to_have_count(1)
    expect(phone.page.locator("textarea[name=description]")).to_have_value(needs)
    phone.page.get_by_label("การออกแบบบรรจุภัณฑ์", exact=False).check()
    phone.page.get_by_label("ระบบมาตรฐาน", exact=False).check()
    phone.page.locator("select[name=targetStandard]").select_option("tcps")
    phone.submit("ส่งคำขอ")
    phone.expect_notice("ส่งคำขอแล้ว")
    assert "/my/requests/" in phone.page.url and "/new" not in phone.page.url
    expect(phone.section("รายละเอียดคำขอ")).to_contain_text("น้ำพริกเผาสูตรโบราณ")
