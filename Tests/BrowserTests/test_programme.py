"""Budgets, rounds and the KPI dashboard: a regional officer sets the region's coupon budget and reads
why matching refused a lower one; another starts an allocation round and reads its result; a national
officer reads the dashboard and downloads a table whose numbers equal intake's KPI answer."""
import csv
import datetime
import io

from playwright.sync_api import expect

from system import eventually

BUDGET = "งบประมาณคูปอง"


def fiscal_year(today=None):
    """The Thai fiscal year (Buddhist Era) of today: it starts on 1 October."""
    today = today or datetime.date.today()
    return today.year + 543 + (1 if today.month >= 10 else 0)


def test_a_regional_officer_sets_the_budget_and_reads_why_a_lower_one_was_refused(portal, programme, accounts):
    year = fiscal_year()
    portal.sign_in(accounts.east, accounts.password)
    portal.open(f"/budgets?fiscalYear={year}")
    row = portal.row("งบประมาณรายภูมิภาค", "ภาคตะวันออก")
    expect(row).to_contain_text("ยังไม่ได้ตั้ง")
    row.get_by_role("link", name="ภาคตะวันออก").click()
    portal.checked()
    form = portal.section("ตั้งงบประมาณ")
    form.get_by_label("จำนวนเงิน (บาท)").fill("100000")
    portal.submit("ตั้งงบประมาณ", within=form)
    portal.expect_notice("ส่งคำสั่งแล้ว")
    portal.reload_until("matching's budget", lambda page: "100,000 บาท" in portal.section(BUDGET).inner_text())
    # A request in the east is proposed: matching holds its coupon against the budget.
    provider = programme.provider("ศูนย์บริการวิชาการ มหาวิทยาลัยบูรพา", province="TH-20", region="east")
    programme.await_matching_knows([provider["id"]])
    enterprise = programme.enterprise("กลุ่มแม่บ้านอาหารทะเลบางละมุง", province="TH-20", district="บางละมุง", product="ปลาหมึกแดดเดียว")
    programme.proposal(programme.screened(programme.request(enterprise)))
    held = eventually("a coupon held", lambda: programme.get(f"/v1/budgets/{year}/east")["heldBaht"] or None, timeout=30)
    # Lower than what is held: matching refuses, and the page says why (intake keeps the reason).
    portal.reload_until("the held coupon", lambda page: f"{held:,} บาท" in portal.section(BUDGET).inner_text())
    form = portal.section("ตั้งงบประมาณ")
    form.get_by_label("จำนวนเงิน (บาท)").fill("1000")
    portal.submit("ตั้งงบประมาณ", within=form)
    portal.expect_notice("ส่งคำสั่งแล้ว")
    reason = f"ตั้งงบ 1,000 บาทไม่ได้: จองไว้ ผูกพัน และใช้ไปแล้ว {held:,} บาท ต้องไม่น้อยกว่านั้น"
    portal.reload_until("matching's refusal", lambda page: reason in portal.section(BUDGET).inner_text())
    expect(portal.section(BUDGET)).to_contain_text("100,000 บาท")  # the budget stays as it was
    ledger = portal.section("บัญชีความเคลื่อนไหว")
    expect(ledger.get_by_role("row").filter(has_text="ตั้งงบไม่สำเร็จ")).to_contain_text("1,000 บาท")
    expect(ledger.get_by_role("row").filter(has_text="ตั้งงบ").first).to_be_visible()
    # The English page gives the same reason in English.
    portal.page.get_by_role("link", name="English").click()
    portal.checked()
    expect(portal.section("Coupon budget")).to_contain_text(
        f"Cannot set 1,000 baht: {held:,} baht is already held, committed and spent; the budget cannot be lower")


def run_round(portal, seed):
    """Starts a round for the officer's region with `seed` and waits on its page for the result;
    returns the result's facts."""
    portal.open("/rounds")
    form = portal.section("เริ่มรอบจัดสรร")
    expect(form.get_by_label("ภูมิภาค")).to_have_value("west")  # a regional officer's own region only
    form.get_by_label("ค่าสุ่ม (seed)").fill(seed)
    portal.submit("เริ่มรอบจัดสรร", within=form)
    portal.expect_notice("เริ่มรอบจัดสรรแล้ว")
    portal.reload_until("the round's result", lambda page: "เสร็จแล้ว" in portal.section("ผลรอบจัดสรร").inner_text())
    result = portal.section("ผลรอบจัดสรร")
    return dict(zip(result.locator("dt").all_inner_texts(), result.locator("dd").all_inner_texts()))


def test_a_regional_officer_runs_rounds_and_reads_their_results(portal, programme, accounts):
    """In the west the budget covers one coupon: one request is proposed and holds it, a second waits
    (the budget is used up), a third fits no provider at all. The officer's first round waitlists both
    with their reasons; the budget is raised, and the second round proposes the one it now covers."""
    year = fiscal_year()
    programme.set_budget(year, "west", 100000)
    provider = programme.provider("ศูนย์บริการวิชาการ มหาวิทยาลัยศิลปากร", province="TH-70", region="west")
    programme.await_matching_knows([provider["id"]])
    first = programme.enterprise("กลุ่มแม่บ้านขนมหม้อแกงโพธาราม", province="TH-70", district="โพธาราม", product="ขนมหม้อแกงเผือก")
    programme.proposal(programme.screened(programme.request(first)))
    second = programme.enterprise("กลุ่มกล้วยอบน้ำผึ้งท่าม่วง", province="TH-71", district="ท่าม่วง", product="กล้วยอบน้ำผึ้ง")
    waiting = programme.screened(programme.request(second))
    assert waiting["status"] == "unmatched" and waiting["waiting"]["reason"] == "regionBudgetExhausted", waiting
    third = programme.enterprise("กลุ่มจักสานผักตบชวาบ้านโป่ง", province="TH-70", district="บ้านโป่ง", product="ตะกร้าผักตบชวา",
                                 product_type="household")
    unfit = programme.screened(programme.request(third))
    assert unfit["status"] == "unmatched", unfit

    portal.sign_in(accounts.west, accounts.password)
    facts = run_round(portal, "25701207")
    assert (facts["คำขอ"], facts["เสนอแล้ว"], facts["อยู่ในรายชื่อรอ"], facts["ค่าเป้าหมาย"]) == ("2", "0", "2", "0"), facts
    assert facts["ค่าสุ่ม (seed)"] == "25701207", facts
    outcomes = portal.section("ผลของแต่ละคำขอ")
    expect(outcomes.get_by_role("row").filter(has_text=waiting["reference"])).to_contain_text("งบประมาณคูปองของภาคหมดแล้ว")
    expect(outcomes.get_by_role("row").filter(has_text=unfit["reference"])).to_contain_text("อยู่ในรายชื่อรอ")
    expect(portal.section("เหตุผลที่อยู่ในรายชื่อรอ").get_by_role("row")).to_have_count(3)  # the header and two reasons

    programme.set_budget(year, "west", 300000)
    facts = run_round(portal, "25701208")
    assert (facts["คำขอ"], facts["เสนอแล้ว"], facts["อยู่ในรายชื่อรอ"]) == ("2", "1", "1"), facts
    assert int(facts["ค่าเป้าหมาย"].replace(",", "")) > 0 and facts["ค่าสุ่ม (seed)"] == "25701208", facts
    outcomes = portal.section("ผลของแต่ละคำขอ")
    expect(outcomes.get_by_role("row").filter(has_text=waiting["reference"])).to_contain_text("เสนอผู้ให้บริการ")
    expect(outcomes.get_by_role("row").filter(has_text=waiting["reference"])).to_contain_text(provider["name"])
    expect(outcomes.get_by_role("row").filter(has_text=unfit["reference"])).to_contain_text("อยู่ในรายชื่อรอ")
    # The proposal arrives on the request; both rounds are listed.
    programme.proposal(waiting)
    portal.open("/rounds")
    expect(portal.section("รอบที่ผ่านมา").get_by_role("row").filter(has_text="ภาคตะวันตก")).to_have_count(2)


def test_the_dashboard_and_a_csv_whose_numbers_equal_intakes_kpis(portal, programme, accounts, tmp_path):
    year = fiscal_year()
    portal.sign_in(accounts.national, accounts.password)
    portal.open(f"/dashboard?fiscalYear={year}")
    expect(portal.page.locator("h1")).to_contain_text(f"ปีงบประมาณ {year}")
    expect(portal.section("เส้นทางคำขอ").locator("svg")).to_have_count(1)
    expect(portal.section("คำขอรายเดือน").locator("svg")).to_have_count(1)  # the fiscal year's months (A11)

    def downloaded_equals_intake():
        portal.page.reload()
        with portal.page.expect_download() as download:
            portal.section("ตัวชี้วัดรายภูมิภาค").get_by_role("link", name="ดาวน์โหลด CSV").click()
        data = download.value.path().read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, so Excel shows Thai"
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        kpis = programme.get(f"/v1/kpis/programme?fiscalYear={year}")
        expected = {row["regionNameTH"]: [row["requestsReceived"], row["matched"], row["assigned"], row["completed"],
                                          row["establishmentsServed"]] for row in kpis["byRegion"]}
        found = {row[0]: [int(cell) for cell in row[1:6]] for row in rows[1:]}
        return (rows[0][:2] == ["ภูมิภาค", "ได้รับ"] and found == expected and sum(r[0] for r in found.values()) > 0) or None

    eventually("the downloaded table to equal intake's KPI answer", downloaded_equals_intake, timeout=30, every=1)

    # Narrowed to a region: the headline figures are intake's for that region (A11).
    portal.open(f"/dashboard?fiscalYear={year}&region=central")  # the Bangkok request is the central region's
    headline = portal.section("ภาพรวม")
    facts = dict(zip(headline.locator("dt").all_inner_texts(), headline.locator("dd").all_inner_texts()))
    central = programme.get(f"/v1/kpis/programme?fiscalYear={year}&region=central")["total"]
    assert facts["ได้รับ"] == f"{central['requestsReceived']:,}" and central["requestsReceived"] > 0, (facts, central)
