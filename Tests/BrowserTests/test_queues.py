"""A regional officer works each kind of queue through the action that clears it, and sees the effect
arrive from the service that owns it: a withdrawn proposal from matching, an assignment made by hand,
work confirmed for the enterprise, an idle assignment withdrawn, a renewed certificate from
certification, a failed message marked handled, an enterprise that registered itself verified. (Screening and pre-qualification from the queue are in
test_officer_pages.py.) The 14- and 30-day queues and an overdue proposal need time to pass: the
tests move back the instants intake holds for that one request or proposal (system.py, "Time passing")."""
import datetime

import pytest
from playwright.sync_api import expect

from tokens import portal_token

NORTHEAST = {"province": "TH-40", "region": "northeast"}
OVERDUE = "ข้อเสนอที่เลยกำหนดตอบ"
WAITING = "คำขอที่ยังไม่ได้ผู้ให้บริการ"
UNCONFIRMED = "รายงานผลแล้วแต่วิสาหกิจยังไม่ยืนยันเกิน 14 วัน"
IDLE = "งานที่ไม่มีความเคลื่อนไหวเกิน 30 วัน"
EXPIRING = "ใบรับรองที่จะหมดอายุภายใน 90 วัน"
FAILED = "ข้อความที่ส่งไม่สำเร็จ"
UNVERIFIED = "วิสาหกิจที่สมัครเองรอการตรวจสอบ"


@pytest.fixture(scope="session")
def northeast(programme):
    """A qualified provider in Khon Kaen: the northeast's requests are proposed to it."""
    provider = programme.provider("ศูนย์บริการวิชาการ มหาวิทยาลัยขอนแก่น", capacity=20, **NORTHEAST)
    programme.await_matching_knows([provider["id"]])
    return provider


@pytest.fixture(scope="session")
def south(programme):
    """In Phatthalung: a qualified food provider, and a basketry group whose request no provider in the
    country fits (household goods), so it waits unmatched; its contact takes SMS only, at the number the
    run's SMS gateway cannot reach (it answers 400), so its messages fail for good."""
    provider = programme.provider("ศูนย์วิทยาศาสตร์อาหาร มหาวิทยาลัยทักษิณ", province="TH-93", region="south")
    programme.await_matching_knows([provider["id"]])
    enterprise = programme.enterprise("กลุ่มจักสานกระจูดทะเลน้อย", province="TH-93", district="ควนขนุน", product="กระเป๋ากระจูดลายดอกพิกุล",
                                      product_type="household", channels=["sms"])
    request = programme.screened(programme.request(enterprise, description="ต้องการออกแบบบรรจุภัณฑ์และขอ มผช. กระเป๋ากระจูด"))
    assert request["status"] == "unmatched", request
    return {"provider": provider, "enterprise": enterprise, "request": request}


def northeast_request(programme, name, product):
    enterprise = programme.enterprise(name, district="ชนบท", product=product, province=NORTHEAST["province"])
    return enterprise, programme.request(enterprise)


def test_a_proposal_past_its_window_is_withdrawn_from_the_queue_and_matching_withdraws_it(
        portal, system, programme, accounts, northeast):
    enterprise, request = northeast_request(programme, "กลุ่มแม่บ้านข้าวกล้องงอกบ้านโนนทัน", "ข้าวกล้องงอกหอมมะลิ")
    proposal = programme.proposal(programme.screened(request))
    system.age_proposal(proposal["id"], days=4)  # the three days to answer passed four days ago
    portal.sign_in(accounts.northeast, accounts.password)
    row = portal.row(OVERDUE, request["reference"])
    expect(row).to_have_count(1)
    expect(row).to_contain_text(northeast["name"])
    row.get_by_label("เหตุผล").fill("ผู้ให้บริการไม่ตอบภายในกำหนด โทรติดต่อไม่ได้")
    portal.submit("ถอนข้อเสนอ", within=row)
    portal.expect_notice("ส่งคำสั่งแล้ว")
    assert portal.page.url.split("?")[0].endswith(f"/requests/{request['id']}")
    # matching withdraws it; the request's page shows the proposal withdrawn with its reason.
    portal.reload_until("matching's withdrawal", lambda page: "ถอนข้อเสนอแล้ว" in portal.section("ข้อเสนอ").inner_text())
    withdrawn = programme.get(f"/v1/proposals/{proposal['id']}")
    assert withdrawn["status"] == "withdrawn" and "ไม่ตอบภายในกำหนด" in withdrawn["reason"]
    portal.open("/queues")
    expect(portal.row(OVERDUE, request["reference"])).to_have_count(0)


def test_an_unmatched_request_is_assigned_by_hand_with_its_reason_shown(portal, programme, accounts, south):
    request = south["request"]
    portal.sign_in(accounts.south, accounts.password)
    row = portal.row(WAITING, request["reference"])
    expect(row).to_have_count(1)
    expect(row).to_contain_text("ไม่มีผู้ให้บริการที่ตรงกับความต้องการ")  # intake's reason, from matching's match.unmatched
    row.get_by_role("link", name="มอบหมายผู้ให้บริการเอง").click()
    portal.checked()
    form = portal.form("มอบหมายผู้ให้บริการเอง")
    form.get_by_label("ผู้ให้บริการ").select_option(value=south["provider"]["id"])
    form.get_by_label("เหตุผล").fill("ไม่มีผู้ให้บริการด้านจักสานในภาคใต้ ศูนย์รับออกแบบบรรจุภัณฑ์ให้")
    portal.submit("มอบหมาย", within=form)
    portal.expect_notice("ส่งคำสั่งแล้ว")
    portal.reload_until("matching's assignment", lambda page: "อยู่ระหว่างดำเนินงาน" in portal.section("รายละเอียดคำขอ").inner_text())
    expect(portal.section("รายละเอียดคำขอ")).to_contain_text(south["provider"]["name"])
    assert programme.get(f"/v1/requests/{request['id']}")["provider"]["id"] == south["provider"]["id"]
    portal.open("/queues")
    expect(portal.row(WAITING, request["reference"])).to_have_count(0)


def test_work_unconfirmed_for_14_days_is_confirmed_for_the_enterprise(portal, system, programme, accounts, northeast):
    enterprise, request = northeast_request(programme, "กลุ่มแปรรูปปลาร้าบองชนบท", "แจ่วบองปลาร้าสมุนไพร")
    programme.work_reported(enterprise, request)
    portal.sign_in(accounts.northeast, accounts.password)
    expect(portal.row(UNCONFIRMED, request["reference"])).to_have_count(0)  # reported today: not the officer's yet
    system.age_request(request["id"], days=15)
    portal.open("/queues")
    row = portal.row(UNCONFIRMED, request["reference"])
    expect(row).to_have_count(1)
    row.get_by_role("link", name="ยืนยันผลงานแทนวิสาหกิจ").click()
    portal.checked()
    form = portal.form("ยืนยันผลงานแทนวิสาหกิจ")
    form.get_by_label("เหตุผล เช่น โทรยืนยันกับประธานกลุ่มแล้ว").fill("โทรยืนยันกับประธานกลุ่มแล้ว ได้รับฉลากและเอกสารครบ")
    portal.submit("ยืนยันผลงานแทนวิสาหกิจ", within=form)
    portal.expect_notice("ส่งคำสั่งแล้ว")
    portal.reload_until("the confirmation", lambda page: "ดำเนินการเสร็จสิ้น" in portal.section("รายละเอียดคำขอ").inner_text())
    expect(portal.section("ลำดับเหตุการณ์")).to_contain_text("ยืนยันผลงาน")
    assert programme.get(f"/v1/requests/{request['id']}")["status"] == "completed"
    portal.open("/queues")
    expect(portal.row(UNCONFIRMED, request["reference"])).to_have_count(0)


def test_an_assignment_idle_for_30_days_is_withdrawn_and_matched_again(portal, system, programme, accounts, northeast):
    enterprise, request = northeast_request(programme, "กลุ่มทอเสื่อกกบ้านดอนกอก", "ไส้อั่วสมุนไพร")
    programme.assigned(enterprise, request)
    system.age_request(request["id"], days=31)
    portal.sign_in(accounts.northeast, accounts.password)
    row = portal.row(IDLE, request["reference"])
    expect(row).to_have_count(1)
    row.get_by_role("link", name="ถอนการมอบหมาย").click()
    portal.checked()
    form = portal.form("ถอนการมอบหมาย")
    form.get_by_label("เหตุผล").fill("ไม่มีความคืบหน้า 30 วัน ผู้ให้บริการแจ้งว่าไม่สามารถดำเนินการต่อได้")
    expect(form.get_by_label("จับคู่ผู้ให้บริการรายใหม่")).to_be_checked()
    portal.submit("ถอนการมอบหมาย", within=form)
    portal.expect_notice("ส่งคำสั่งแล้ว")
    portal.reload_until("matching's withdrawal", lambda page: "อยู่ระหว่างดำเนินงาน" not in portal.section("รายละเอียดคำขอ").inner_text())
    after = programme.get(f"/v1/requests/{request['id']}")
    assert after["status"] != "assigned"
    assert any(entry["type"] == "th.otop.match.withdrawn.v1" for entry in after["timeline"])
    portal.open("/queues")
    expect(portal.row(IDLE, request["reference"])).to_have_count(0)


def held_certificate_expiring_in_40_days(system, programme, name, district):
    """A Lamphun enterprise with a held มผช. certificate that ends in 40 days (inside the 90-day queue)."""
    enterprise = programme.enterprise(name, province="TH-51", district=district, product="น้ำพริกตาแดง")
    today = datetime.date.today()
    system.call("POST", f"/v1/enterprises/{enterprise['id']}/certificates", programme.officer, {
        "standard": "tcps", "number": "มผช. 12/2567", "productName": "น้ำพริกตาแดง",
        "validFrom": str(today - datetime.timedelta(days=3 * 365 - 40)), "validUntil": str(today + datetime.timedelta(days=40))})
    return enterprise


def test_a_certificate_expiring_within_90_days_is_in_the_queue_with_its_number(portal, system, programme, accounts):
    enterprise = held_certificate_expiring_in_40_days(system, programme, "กลุ่มแม่บ้านน้ำพริกบ้านธิ", "บ้านธิ")
    portal.sign_in(accounts.north, accounts.password)
    portal.reload_until("the certificate in the queue", lambda page: portal.row(EXPIRING, enterprise["name"]).count() == 1)
    expect(portal.row(EXPIRING, enterprise["name"])).to_contain_text("มผช. 12/2567")


def test_a_certificate_expiring_within_90_days_is_renewed_and_certification_records_it(portal, system, programme, accounts):
    enterprise = held_certificate_expiring_in_40_days(system, programme, "กลุ่มน้ำพริกแม่บ้านป่าซาง", "ป่าซาง")
    today = datetime.date.today()
    portal.sign_in(accounts.north, accounts.password)
    portal.reload_until("the certificate in the queue", lambda page: portal.row(EXPIRING, enterprise["name"]).count() == 1)
    row = portal.row(EXPIRING, enterprise["name"])
    expect(row).to_contain_text("มผช. 12/2567")
    row.get_by_role("link", name="รายงานการต่ออายุ").click()
    portal.checked()
    # Certification puts a certificate this close to its expiry into "renewal due" by itself.
    portal.reload_until("certification's renewal-due state", lambda page: "ถึงกำหนดต่ออายุ" in portal.section("ใบรับรอง").inner_text())
    until = today + datetime.timedelta(days=3 * 365)
    form = portal.section("รายงานขั้นตอน")
    form.get_by_label("ขั้นตอน").select_option(label="ได้รับการรับรอง")
    form.get_by_label("เลขที่", exact=True).fill("มผช. 12/2570")
    form.get_by_label("วันที่ออก").fill(str(today))
    form.get_by_label("วันหมดอายุ").fill(str(until))
    portal.submit("รายงานขั้นตอน", within=form)
    portal.expect_notice("ส่งคำสั่งแล้ว")
    portal.reload_until("certification's renewal", lambda page: "มผช. 12/2570" in portal.section("ใบรับรอง").inner_text())
    certificate = programme.get(f"/v1/certificates?enterpriseId={enterprise['id']}")["items"][0]
    assert certificate["validUntil"] == str(until) and certificate["state"] == "certified"
    portal.open("/queues")
    expect(portal.row(EXPIRING, enterprise["name"])).to_have_count(0)


def test_a_message_that_failed_for_good_is_marked_handled(portal, programme, accounts, south):
    name = south["enterprise"]["name"]
    portal.sign_in(accounts.south, accounts.password)
    portal.reload_until("notifications' failure", lambda page: portal.row(FAILED, "รับคำขอแล้ว").filter(has_text=name).count() == 1)
    row = portal.row(FAILED, "รับคำขอแล้ว").filter(has_text=name)
    expect(row).to_contain_text("SMS gateway refused the message: HTTP 400")
    expect(row).to_contain_text(south["request"]["reference"])
    # The recipient's page, where the officer finds how else to reach the group.
    row.get_by_role("link", name=name).click()
    portal.checked()
    expect(portal.section("ผู้ติดต่อ")).to_contain_text("081-234-5678")
    portal.page.go_back()
    row = portal.row(FAILED, "รับคำขอแล้ว").filter(has_text=name)
    row.get_by_label("บันทึกการแก้ไข").fill("โทรแจ้งประธานกลุ่มแล้ว ขอให้เพิ่มอีเมลสำหรับรับข่าวสาร")
    portal.submit("จัดการแล้ว", within=row)
    portal.expect_notice("บันทึกว่าจัดการแล้ว")
    expect(portal.row(FAILED, "รับคำขอแล้ว").filter(has_text=name)).to_have_count(0)
    resolved = [item for item in programme.get("/v1/notification-failures?resolved=true")["items"]
                if item["recipientName"] == name and item["template"] == "request-received"]
    assert len(resolved) == 1 and resolved[0]["resolvedBy"] == "อารีย์ ทะเลใต้", resolved  # the officer, named by the portal's JWT
    assert "โทรแจ้งประธานกลุ่มแล้ว" in resolved[0]["resolution"]


def test_an_enterprise_that_registered_itself_waits_in_its_officers_queue_until_verified(portal, system, programme, accounts):
    # The application as the portal's /register page sends it: intake's route, the portal's service token.
    service = portal_token(system.key_path, system.key_id, "service:portal", role="portal", name="portal")
    name = f"กลุ่มผ้าทอมือบ้านสันกำแพง {programme.tag}"
    _, applied = system.call("POST", "/v1/enterprise-applications", service, {
        "name": name, "provinceCode": "TH-50", "district": "สันกำแพง",
        "product": {"name": "ผ้าฝ้ายทอมือย้อมคราม", "productType": "textile"},
        "contact": {"name": "นางบัวคำ ทอผ้า", "phone": "089-111-2233"}, "clientAddress": "198.51.100.23"})
    assert applied["verified"] is False, applied
    # Another region's officer does not see it.
    portal.sign_in(accounts.south, accounts.password)
    expect(portal.row(UNVERIFIED, name)).to_have_count(0)
    portal.sign_out()
    portal.sign_in(accounts.north, accounts.password)
    row = portal.row(UNVERIFIED, name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("ผ้าฝ้ายทอมือย้อมคราม")
    expect(portal.section(UNVERIFIED)).to_contain_text("รายรอการตรวจสอบ")
    portal.submit("ยืนยันข้อมูลวิสาหกิจ", within=row)
    portal.expect_notice("ยืนยันวิสาหกิจแล้ว")
    expect(portal.row(UNVERIFIED, name)).to_have_count(0)
    assert programme.get(f"/v1/enterprises/{applied['id']}")["verified"] is True
