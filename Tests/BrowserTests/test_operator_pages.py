"""The operators' room: each service's readiness and the sign-in audit, portal accounts (create, a
first password changed at the first sign-in, disable), and intake's API keys (issued once, revoked),
which operators now reach through the portal's JWT (intake trusts the portal as an issuer, A1)."""
from playwright.sync_api import expect

from system import Problem

NEW_PASSWORD = "ส้มตำไก่ย่างข้าวเหนียว 99"


def test_an_operator_sees_each_services_readiness_and_the_sign_in_audit(portal, accounts):
    portal.sign_in(accounts.operator, accounts.password)
    assert portal.page.url.endswith("/operations")
    readiness = portal.section("ความพร้อมของแต่ละบริการ")
    for service in ("intake", "matching", "certification", "notifications"):
        expect(readiness.get_by_role("row").filter(has_text=service)).to_contain_text("พร้อม")
    dead_letters = portal.section("เหตุการณ์ที่ประมวลผลไม่ได้ (dead letters)")  # intake asks the broker (A12)
    expect(dead_letters.get_by_role("row").filter(has_text="otop.requests.dlq")).to_contain_text("0")
    expect(portal.section("บันทึกการเข้าสู่ระบบ")).to_contain_text("sign-in")
    # Officers' pages are not the operator's, and the operators' are not an officer's.
    assert portal.open("/queues").status == 403
    portal.sign_out()
    portal.sign_in(accounts.north, accounts.password)
    assert portal.open("/operations").status == 403


def test_an_operator_creates_an_account_whose_first_password_is_changed_then_disables_it(portal, second_portal, accounts):
    portal.sign_in(accounts.operator, accounts.password)
    portal.open("/operations/accounts")
    form = portal.section("สร้างบัญชี")
    form.get_by_label("ชื่อผู้ใช้").fill("pranee.k")
    form.get_by_label("ชื่อที่แสดง").fill("ปราณี แก้วมณี")
    form.get_by_label("บทบาท").select_option("officer")
    form.get_by_label("ภูมิภาค").select_option("northeast")
    form.get_by_label("รหัสผ่านเริ่มต้น").fill("มะม่วงน้ำดอกไม้ 2570")
    portal.submit("สร้างบัญชี", within=form)
    portal.expect_notice("บันทึกแล้ว")
    row = portal.row("บัญชีผู้ใช้", "pranee.k")
    expect(row).to_contain_text("ปราณี แก้วมณี")
    expect(row).to_contain_text("ภาคตะวันออกเฉียงเหนือ")
    # The new officer signs in and is asked for a password of their own first.
    second_portal.sign_in("pranee.k", "มะม่วงน้ำดอกไม้ 2570")
    assert second_portal.page.url.split("?")[0].endswith("/account")
    second_portal.expect_notice("กรุณาตั้งรหัสผ่านใหม่ก่อนใช้งาน")
    second_portal.page.get_by_label("รหัสผ่านปัจจุบัน").fill("มะม่วงน้ำดอกไม้ 2570")
    second_portal.page.get_by_label("รหัสผ่านใหม่").fill(NEW_PASSWORD)
    second_portal.submit("เปลี่ยนรหัสผ่าน")
    second_portal.expect_notice("เปลี่ยนรหัสผ่านแล้ว")
    # Disabled by the operator: the open session ends and the next sign-in is refused.
    portal.submit("ระงับ", within=portal.row("บัญชีผู้ใช้", "pranee.k"))
    expect(portal.row("บัญชีผู้ใช้", "pranee.k")).to_contain_text("ระงับ")
    second_portal.open("/queues")
    assert "/sign-in" in second_portal.page.url
    second_portal.sign_in("pranee.k", NEW_PASSWORD)
    expect(second_portal.page.locator(".problem")).to_have_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")


def test_an_operator_issues_an_api_key_shown_once_and_revokes_it(portal, system, accounts):
    portal.sign_in(accounts.operator, accounts.password)
    portal.open("/operations/api-keys")
    form = portal.section("สร้างกุญแจ API")
    form.get_by_role("textbox", name="ชื่อ", exact=True).fill("ระบบรายงานของสำนักงานจังหวัดขอนแก่น")
    form.get_by_label("บทบาท").select_option("officer")
    form.get_by_label("ภูมิภาค").select_option("northeast")
    portal.submit("สร้างกุญแจ API", within=form)
    token = portal.section("โทเค็นใหม่ (แสดงครั้งเดียว คัดลอกเก็บไว้)").locator("dd").inner_text().strip()
    assert len(token) > 20
    assert system.call("GET", "/v1/requests?limit=1", token)[0] == 200  # intake takes it
    portal.open("/operations/api-keys")
    assert token not in portal.page.content(), "the token is shown once only"
    row = portal.row("กุญแจ API", "ระบบรายงานของสำนักงานจังหวัดขอนแก่น")
    portal.submit("ยกเลิก", within=row)
    portal.expect_notice("บันทึกแล้ว")
    expect(portal.row("กุญแจ API", "ระบบรายงานของสำนักงานจังหวัดขอนแก่น")).to_contain_text("ยกเลิกแล้ว")
    try:
        system.call("GET", "/v1/requests?limit=1", token)
        raise AssertionError("a revoked key still reaches intake")
    except Problem as problem:
        assert problem.status == 401
