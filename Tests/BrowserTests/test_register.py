"""An enterprise new to the programme registers itself on /register from a phone (360×740, no session):
a field intake refuses is named beside it and what was typed stays; the thank-you page says an officer
checks it; the enterprise then waits, unverified, in its region's officer's queue."""
import pytest
from playwright.sync_api import expect

from portal_page import PortalPage

UNVERIFIED = "วิสาหกิจที่สมัครเองรอการตรวจสอบ"


@pytest.fixture
def phone(chromium, system, accessibility):
    context = chromium.new_context(locale="th-TH", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    yield PortalPage(context.new_page(), system.portal, accessibility)
    context.close()


def test_a_new_enterprise_registers_itself_on_a_phone_and_waits_in_its_officers_queue(phone, portal, programme, accounts):
    name = f"กลุ่มเครื่องจักสานไม้ไผ่บ้านป่าบง {programme.tag}"
    phone.open("/register")
    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    page.get_by_label("ชื่อวิสาหกิจ").fill(name)
    page.get_by_label("จังหวัด").select_option("TH-50")
    page.get_by_label("อำเภอ").fill("สารภี")
    page.get_by_label("ชื่อผลิตภัณฑ์").fill("ตะกร้าไม้ไผ่สาน")
    page.get_by_label("ประเภทผลิตภัณฑ์").select_option("household")
    page.get_by_label("ชื่อผู้ติดต่อ").fill("นายคำปัน สานดี")
    page.get_by_label("โทรศัพท์").fill("12345")
    phone.submit("ส่งใบสมัคร")
    # Intake's refusal of the phone is beside the phone field; what was typed is kept.
    phone_field = page.locator(".field").filter(has=page.get_by_label("โทรศัพท์"))
    expect(phone_field.locator(".error")).to_be_visible()
    expect(page.get_by_label("ชื่อวิสาหกิจ")).to_have_value(name)
    expect(page.get_by_label("จังหวัด")).to_have_value("TH-50")
    page.get_by_label("โทรศัพท์").fill("089-765-4321")
    phone.submit("ส่งใบสมัคร")
    expect(page.get_by_role("heading", level=1)).to_have_text("ได้รับใบสมัครแล้ว ขอบคุณ")
    expect(page.locator("main")).to_contain_text("เจ้าหน้าที่โครงการในภูมิภาคของท่านจะตรวจสอบ")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    portal.sign_in(accounts.north, accounts.password)
    row = portal.row(UNVERIFIED, name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("ตะกร้าไม้ไผ่สาน")
    expect(row).to_contain_text("สารภี")
