"""The whole coupon journey on two phones (issue 15's first done-when point, 360×740): the provider
opens the proposal e-mail's link, gets a code by SMS, signs in and accepts; the enterprise opens its
proposal-accepted message's link from the mailbox, signs in with a mailed code and confirms the
provider; the provider sees the enterprise's contact person and phone and reports the work; the
enterprise opens the work-reported message's link, confirms the work done and rates it with its monthly
income before and after (a refused income shown beside its field), and finds the certificate planned
for the request's standard on its certificates page. axe checks every page reached.

The parties are in Pathum Thani, which no other test's provider serves and whose requests no other
test makes: the provider serves that province only, so other tests' requests are never proposed to it."""
import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from portal_page import PortalPage
from test_my_requests import sign_in_by_mail
from test_provider_pages import PROPOSAL_LINK, sign_in_by_sms
from messages import mail_text
from system import eventually

PROVINCE = "TH-13"


def phone_page(chromium, system, accessibility):
    context = chromium.new_context(locale="th-TH", viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    return context, PortalPage(context.new_page(), system.portal, accessibility)


@pytest.fixture
def phones(chromium, system, accessibility):
    """The provider's coordinator's phone and the enterprise's contact person's phone."""
    provider_context, provider_phone = phone_page(chromium, system, accessibility)
    enterprise_context, enterprise_phone = phone_page(chromium, system, accessibility)
    yield provider_phone, enterprise_phone
    provider_context.close()
    enterprise_context.close()


def open_mailed_link(phone, address, since, pattern):
    """Opens the link matching `pattern` in the newest e-mail to `address` since `since`."""
    phone.page.goto(re.search(pattern, mail_text(address, since, pattern)).group(0))
    phone.checked()


def fits(phone):
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360, phone.page.url


def test_the_whole_journey_from_the_proposal_to_the_rating(phones, system, programme):
    provider_phone, enterprise_phone = phones
    number = f"089{int(uuid.uuid4().hex[:7], 16) % 10_000_000:07d}"
    coordinator = {"phone": number, "e164": "+66" + number[1:]}
    provider_mail = f"journey-provider-{uuid.uuid4().hex[:8]}@browser.test"
    provider = programme.provider("ศูนย์บริการวิชาการ มหาวิทยาลัยเทคโนโลยีราชมงคลธัญบุรี", province=PROVINCE, region=None,
                                  email=provider_mail, phone=number, channels=("email", "sms"))
    programme.await_matching_knows([provider["id"]])
    enterprise_mail = f"journey-enterprise-{uuid.uuid4().hex[:8]}@browser.test"
    enterprise = programme.enterprise("กลุ่มแม่บ้านข้าวเกรียบลาดหลุมแก้ว", province=PROVINCE, district="ลาดหลุมแก้ว",
                                      product="ข้าวเกรียบฟักทอง", email=enterprise_mail)
    since = time.time() - 1
    request = programme.screened(programme.request(enterprise, description="ต้องการยืดอายุข้าวเกรียบและยื่นขอ มผช."))
    proposal = programme.proposal(request)
    assert proposal["providerId"] == provider["id"], proposal

    # The provider: the proposal e-mail's link, a code by SMS, accept.
    open_mailed_link(provider_phone, provider_mail, since, PROPOSAL_LINK)
    sign_in_by_sms(provider_phone, system, coordinator)
    assert provider_phone.page.url.endswith(f"/my/proposals/{proposal['id']}")
    provider_phone.submit("รับงานนี้")
    provider_phone.expect_notice("ส่งคำตอบรับแล้ว")
    programme.await_status(request["id"], "accepted")

    # The enterprise: the proposal-accepted message's link, a mailed code, the provider and what it offers, confirm.
    open_mailed_link(enterprise_phone, enterprise_mail, since, rf"https?://\S+/my/proposals/{proposal['id']}")
    assert "/sign-in?" in enterprise_phone.page.url
    sign_in_by_mail(enterprise_phone, enterprise_mail)
    assert enterprise_phone.page.url.endswith(f"/my/proposals/{proposal['id']}")
    offers = enterprise_phone.section("ผู้ให้บริการและสิ่งที่เสนอ")
    expect(offers).to_contain_text("มหาวิทยาลัยเทคโนโลยีราชมงคลธัญบุรี")
    expect(offers).to_contain_text("การออกแบบบรรจุภัณฑ์")
    expect(enterprise_phone.section("คูปอง")).to_contain_text("คูปองหนึ่งใบ")
    fits(enterprise_phone)
    enterprise_phone.submit("ยืนยันผู้ให้บริการ")
    enterprise_phone.expect_notice("ยืนยันผู้ให้บริการแล้ว")
    assert enterprise_phone.page.url.split("?")[0].endswith(f"/my/requests/{request['id']}")
    programme.await_status(request["id"], "assigned")

    # The provider: whom to call, then the work reported.
    provider_phone.open(f"/my/work/{request['id']}")
    contacts = provider_phone.section("ผู้ติดต่อ")
    expect(contacts).to_contain_text("ประธานกลุ่มทดสอบ")
    expect(contacts.get_by_role("link", name="081-234-5678")).to_have_attribute("href", "tel:+66812345678")
    provider_phone.page.get_by_label("สรุปงานที่ทำ").fill("ปรับสูตรและบรรจุภัณฑ์กันชื้น ยืดอายุได้ 6 เดือน ยื่นเอกสาร มผช. แล้ว")
    provider_phone.submit("รายงานผลการดำเนินงาน")
    provider_phone.expect_notice("รายงานผลงานแล้ว")
    programme.await_status(request["id"], "workReported")

    # The enterprise: the work-reported message's link, confirm the work, rate it with the incomes.
    open_mailed_link(enterprise_phone, enterprise_mail, since, rf"https?://\S+/my/requests/{request['id']}/completion")
    expect(enterprise_phone.section("ผลงานที่ผู้ให้บริการรายงาน")).to_contain_text("ยืดอายุได้ 6 เดือน")
    enterprise_phone.submit("ยืนยันว่างานเสร็จ")
    enterprise_phone.expect_notice("ยืนยันว่างานเสร็จแล้ว")
    programme.await_status(request["id"], "completed")
    enterprise_phone.reload_until("the rating form", lambda page: page.get_by_role("button", name="ส่งคะแนน").count() == 1)
    fits(enterprise_phone)
    enterprise_phone.page.get_by_label("5 พอใจมาก").check()
    enterprise_phone.page.get_by_label("รายได้ต่อเดือนก่อนรับบริการ (บาท)").fill("-1")
    enterprise_phone.page.get_by_label("รายได้ต่อเดือนหลังรับบริการ (บาท)").fill("36000")
    enterprise_phone.submit("ส่งคะแนน")
    # Intake refuses a negative income: the problem beside its field, what was typed kept.
    before = enterprise_phone.page.get_by_label("รายได้ต่อเดือนก่อนรับบริการ (บาท)")
    expect(before.locator("xpath=..").locator(".error")).to_be_visible()
    expect(enterprise_phone.page.get_by_label("รายได้ต่อเดือนหลังรับบริการ (บาท)")).to_have_value("36000")
    expect(enterprise_phone.page.get_by_label("5 พอใจมาก")).to_be_checked()
    before.fill("30000")
    enterprise_phone.submit("ส่งคะแนน")
    enterprise_phone.expect_notice("ส่งคะแนนแล้ว")
    rated = lambda: next((entry for entry in programme.get(f"/v1/requests/{request['id']}")["timeline"]
                          if entry["type"] == "th.otop.match.rated.v1"), None)
    entry = eventually("the rating recorded", rated)
    assert entry["summary"]["rating"] == "5", entry
    assert entry["summary"]["incomeChangePercent"].startswith("20"), entry

    # The enterprise's certificates: the one planned for the request's standard, with what happens next.
    enterprise_phone.open("/my/certificates")
    certificates = enterprise_phone.section("ใบรับรอง")
    expect(certificates.get_by_role("row")).not_to_have_count(1)  # the header and the certificate
    expect(certificates).not_to_contain_text("ยังไม่มีใบรับรอง")
    fits(enterprise_phone)
