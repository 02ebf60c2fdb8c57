"""The provider's journey on a phone (issue 15 point 4, 360×740): the link in the proposal e-mail, a
code by SMS, accept; once the enterprise confirms, the enterprise's contact person and phone, the work
reported; capacity and record; LINE linking through the stand-in's webhook, after which the next
message arrives on LINE. And what is refused: an expired code, another party's link in a session.
axe checks every page reached (PortalPage)."""
import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from messages import mail_text, sms_matching
from portal_page import PortalPage
from system import eventually

PROPOSAL_LINK = r"https?://\S+/my/proposals/[0-9a-f-]{36}"


@pytest.fixture
def phone(chromium, system, accessibility):
    """A phone's browser: 360×740, touch."""
    context = chromium.new_context(locale="th-TH", viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    yield PortalPage(context.new_page(), system.portal, accessibility)
    context.close()


@pytest.fixture(scope="module")
def weaver(programme):
    """A textile provider in Chiang Mai (the only one taking textiles in the run: matching proposes the
    textile requests to it) whose coordinator takes e-mail and SMS."""
    number = f"089{int(uuid.uuid4().hex[:7], 16) % 10_000_000:07d}"
    address = f"weaver-{uuid.uuid4().hex[:8]}@browser.test"
    provider = programme.provider("ศูนย์ออกแบบสิ่งทอ มหาวิทยาลัยเชียงใหม่", product_types=("textile",), email=address,
                                  phone=number, channels=("email", "sms"))
    programme.await_matching_knows([provider["id"]])
    return {"provider": provider, "email": address, "phone": number, "e164": "+66" + number[1:]}


def textile_request(programme, name):
    enterprise = programme.enterprise(name, product="ผ้าซิ่นตีนจกลายโบราณ", product_type="textile")
    return enterprise, programme.screened(programme.request(enterprise, description="ต้องการออกแบบบรรจุภัณฑ์และขอ มผช. ผ้าซิ่น"))


def sign_in_by_sms(phone, system, weaver):
    """On the code tab the sign-in page shows, the coordinator types their phone; the code comes by SMS."""
    after = len(system.standins["sms"].received())
    phone.page.get_by_label("เบอร์โทรศัพท์มือถือหรืออีเมล").fill(weaver["phone"])
    phone.submit("ขอรหัสเข้าสู่ระบบ")
    expect(phone.page.locator(".notice")).to_contain_text("SMS")
    code = sms_matching(system.standins["sms"], weaver["e164"], after, r"\b(\d{6})\b").group(1)
    phone.page.get_by_label("รหัส 6 หลัก").fill(code)
    phone.submit("เข้าสู่ระบบ")


def test_the_provider_accepts_from_the_proposal_mail_and_reports_the_work(phone, system, programme, weaver):
    since = time.time() - 1
    enterprise, request = textile_request(programme, "กลุ่มทอผ้าบ้านแม่แจ่ม")
    proposal = programme.proposal(request)
    assert proposal["providerId"] == weaver["provider"]["id"], proposal
    link = re.search(PROPOSAL_LINK, mail_text(weaver["email"], since, PROPOSAL_LINK)).group(0)
    assert link.endswith(proposal["id"])

    # The link, opened on the phone, asks for a code first and comes back to the proposal.
    phone.page.goto(link)
    phone.checked()
    assert "/sign-in?" in phone.page.url
    sign_in_by_sms(phone, system, weaver)
    assert phone.page.url.endswith(f"/my/proposals/{proposal['id']}")
    expect(phone.section("เหตุใดจึงเสนองานนี้ให้ท่าน")).to_contain_text("ด้านบริการ")
    expect(phone.page.locator("main")).to_contain_text(request["reference"])
    phone.submit("รับงานนี้")
    phone.expect_notice("ส่งคำตอบรับแล้ว")
    programme.await_status(request["id"], "accepted")
    phone.open("/my/proposals")
    expect(phone.row("ข้อเสนองาน", request["reference"])).to_have_count(1)

    # The enterprise confirms (its own pages are another brief's: through its API client here).
    system.call("POST", f"/v1/proposals/{proposal['id']}/confirm", programme.client("enterprise", enterprise["id"]))
    programme.await_status(request["id"], "assigned")

    # The hand-off: whom to call, a tap away.
    phone.open("/my/work")
    phone.row("งานที่ได้รับมอบหมาย", request["reference"]).get_by_role("link", name=request["reference"]).click()
    phone.checked()
    contacts = phone.section("ผู้ติดต่อ")
    expect(contacts).to_contain_text("ประธานกลุ่มทดสอบ")
    call = contacts.get_by_role("link", name="081-234-5678")
    expect(call).to_have_attribute("href", "tel:+66812345678")
    expect(phone.section("วิสาหกิจ")).to_contain_text("แม่ริม")
    phone.page.get_by_label("สรุปงานที่ทำ").fill("ออกแบบกล่องผ้าซิ่นและฉลากใหม่ จัดทำเอกสารยื่นขอ มผช. ครบแล้ว")
    phone.submit("รายงานผลการดำเนินงาน")
    phone.expect_notice("รายงานผลงานแล้ว")
    programme.await_status(request["id"], "workReported")
    # Intake recorded the provider's reads of the enterprise's data (the access log officers see).
    readers = programme.get(f"/v1/access-log?partyId={enterprise['id']}")["items"]
    assert {entry["route"] for entry in readers} >= {"GET /v1/requests/{id}", "GET /v1/contacts/{partyId}"}, readers

    # Certification: an officer records the application for the request; the provider follows the
    # enterprise's certificate from the work's page and reports the next steps.
    system.call("POST", f"/v1/enterprises/{enterprise['id']}/certificate-steps", programme.officer,
                {"standard": "tcps", "step": "applied", "productName": "ผ้าซิ่นตีนจกลายโบราณ", "requestId": request["id"]})
    phone.reload_until("the enterprise's certificate", lambda page: phone.section("ใบรับรอง").get_by_role("link").count() == 1)
    phone.page.get_by_label("ขั้นตอน", exact=True).select_option("siteInspection")
    phone.submit("รายงานขั้นตอน")
    phone.expect_notice("ส่งคำสั่งแล้ว")
    phone.section("ใบรับรอง").get_by_role("link").click()
    phone.checked()
    certificates = f"/v1/certificates?enterpriseId={enterprise['id']}"
    eventually("the provider's step applied", lambda: programme.get(certificates)["items"][0]["state"] == "siteInspection")
    phone.page.get_by_label("ขั้นตอน", exact=True).select_option("labTesting")
    phone.submit("รายงานขั้นตอน")
    phone.expect_notice("ส่งคำสั่งแล้ว")
    eventually("the second step applied", lambda: programme.get(certificates)["items"][0]["state"] == "labTesting")

    # Capacity changed with the version read; the record counts the accepted proposal.
    phone.open("/my/capacity")
    expect(phone.section("ผลงานที่ผ่านมา")).to_contain_text("ตอบรับ")
    phone.page.get_by_role("spinbutton", name="จำนวนงานที่รับได้").fill("4")
    phone.submit("บันทึก")
    phone.expect_notice("บันทึกแล้ว")
    assert programme.get(f"/v1/providers/{weaver['provider']['id']}")["capacity"] == 4


def test_line_linking_through_the_webhook_then_the_next_message_arrives_on_line(phone, system, programme, weaver):
    phone.open("/my/line")
    sign_in_by_sms(phone, system, weaver)
    assert phone.page.url.endswith("/my/line")
    expect(phone.section("สถานะ LINE")).to_contain_text("ยังไม่ได้เชื่อมต่อ")
    phone.submit("รับรหัสเชื่อมต่อ LINE")
    code = phone.page.locator(".bigcode").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code
    user = "U" + uuid.uuid4().hex
    answer = system.standins["line"].webhook([{"type": "message", "userId": user, "text": f"รหัส {code}"}])
    assert answer["status"] == 200, answer
    phone.open("/my/line")
    phone.reload_until("the LINE link", lambda page: "เชื่อมต่อ LINE แล้ว" in page.locator("main").inner_text())

    # The next message to the coordinator (a new proposal) is pushed to that LINE user.
    line = system.standins["line"]
    after = len(line.received())
    _, request = textile_request(programme, "กลุ่มผ้าไหมบ้านสันกำแพง")
    programme.proposal(request)
    pushed = lambda: next((entry for entry in line.received()[after:] if entry["status"] == 200
                           and (entry["body"] or {}).get("to") == user), None)
    entry = eventually("the proposal pushed on LINE", pushed)
    assert request["reference"] in str(entry["body"]), entry


def test_an_expired_code_and_another_partys_link_are_refused(phone, system, programme, weaver):
    phone.open("/sign-in?tab=contact")
    after = len(system.standins["sms"].received())
    phone.page.get_by_label("เบอร์โทรศัพท์มือถือหรืออีเมล").fill(weaver["phone"])
    phone.submit("ขอรหัสเข้าสู่ระบบ")
    code = sms_matching(system.standins["sms"], weaver["e164"], after, r"\b(\d{6})\b").group(1)
    code_id = re.search(r"/sign-in/codes/([0-9a-f-]{36})", phone.page.url).group(1)
    # Ten minutes pass for this code (intake's record of it, nothing else).
    system.psql("UPDATE intake.sign_in_codes SET expires_at = now() - interval '1 second' WHERE id = :'id'::uuid", id=code_id)
    phone.page.get_by_label("รหัส 6 หลัก").fill(code)
    phone.submit("เข้าสู่ระบบ")
    expect(phone.page.locator(".problem")).to_contain_text("รหัสนี้หมดอายุแล้ว")
    expect(phone.page.get_by_role("link", name="ขอรหัสใหม่")).to_be_visible()

    # Signed in, a link of another party's subject shows "not found, or not yours" and nothing of it.
    phone.open("/my")
    sign_in_by_sms(phone, system, weaver)
    other = programme.north_enterprise
    other_request = programme.request(other)
    for path in (f"/my/work/{other_request['id']}", f"/my/proposals/{uuid.uuid4()}"):
        response = phone.open(path)
        assert response.status == 404, path
        expect(phone.page.locator("main")).to_contain_text("ไม่พบข้อมูลนี้ หรือไม่ใช่ของหน่วยงานของท่าน")
        expect(phone.page.locator("main")).not_to_contain_text(other["name"])
