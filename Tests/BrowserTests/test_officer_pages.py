"""An officer's day: registering an enterprise and a provider, pre-qualifying from the queue, screening
a request from the queue and seeing matching's proposal arrive, the request's detail, search by
reference, and a CSV import with its dry run."""
from playwright.sync_api import expect

from bench_import_data import registration
from portal_page import uuid_in

HEADER = ("เลขทะเบียน,ชื่อวิสาหกิจ,ประเภทผู้ประกอบการ,จังหวัด,อำเภอ,ตำบล,ชื่อผลิตภัณฑ์,ประเภทผลิตภัณฑ์,กลุ่มอาหาร,ระดับดาว,"
          "ปีที่คัดสรร,กลุ่มผลิตภัณฑ์ (Quadrant),ชื่อผู้ติดต่อ,ตำแหน่ง,โทรศัพท์,อีเมล,ช่องทางติดต่อ")


def test_register_an_enterprise_with_a_field_refused_then_fixed(portal, programme, accounts):
    portal.sign_in(accounts.north, accounts.password)
    portal.open("/enterprises")
    portal.page.get_by_role("link", name="ลงทะเบียนวิสาหกิจ").click()
    portal.checked()
    name = f"กลุ่มจักสานไม้ไผ่บ้านป่าตึง {programme.tag}"
    portal.page.get_by_label("ชื่อวิสาหกิจ").fill(name)
    portal.page.get_by_label("เลขทะเบียน").fill("123456789012")  # twelve digits: intake wants 13
    portal.page.get_by_label("จังหวัด").select_option(label="เชียงใหม่")
    portal.page.get_by_label("อำเภอ").fill("แม่แตง")
    portal.page.get_by_label("ชื่อผลิตภัณฑ์").fill("ตะกร้าไม้ไผ่ลายขิด")
    portal.page.get_by_label("ประเภทผลิตภัณฑ์").select_option(label="ของใช้ ของตกแต่ง ของที่ระลึก")
    portal.page.get_by_label("ชื่อผู้ติดต่อ").fill("นายสมบัติ ไผ่งาม")
    portal.page.get_by_label("โทรศัพท์").fill("089-111-2233")
    portal.submit("ลงทะเบียน")
    # Intake's 422 is shown beside the field; everything typed is still there.
    field = portal.page.locator(".field.invalid")
    expect(field).to_have_count(1)
    expect(field.get_by_role("alert")).not_to_be_empty()
    expect(portal.page.get_by_label("ชื่อวิสาหกิจ")).to_have_value(name)
    expect(portal.page.get_by_label("ชื่อผลิตภัณฑ์")).to_have_value("ตะกร้าไม้ไผ่ลายขิด")
    portal.page.get_by_label("เลขทะเบียน").fill(registration(programme.series, 900))
    portal.submit("ลงทะเบียน")
    portal.expect_notice("ลงทะเบียนแล้ว")
    expect(portal.page.locator("h1")).to_have_text(name)
    details = portal.section("ข้อมูลวิสาหกิจ")
    expect(details).to_contain_text("เชียงใหม่")
    expect(details).to_contain_text("ภาคเหนือ")
    expect(portal.section("ผลิตภัณฑ์")).to_contain_text("ตะกร้าไม้ไผ่ลายขิด")
    expect(portal.section("ผู้ติดต่อ")).to_contain_text("นายสมบัติ ไผ่งาม")
    # Intake holds it as registered.
    enterprise = programme.get(f"/v1/enterprises/{uuid_in(portal.page.url)}")
    assert enterprise["name"] == name and enterprise["provinceCode"] == "TH-50"


def test_register_a_provider_then_prequalify_it_from_the_queue(portal, programme, accounts):
    portal.sign_in(accounts.north, accounts.password)
    portal.open("/providers/new")
    name = f"ศูนย์วิทยาศาสตร์อาหาร มหาวิทยาลัยเชียงใหม่ {programme.tag}"
    portal.page.get_by_label("ชื่อหน่วยงาน").fill(name)
    portal.page.get_by_label("ประเภท", exact=True).select_option(label="มหาวิทยาลัย")
    areas = portal.page.get_by_role("group", name="ด้านที่ให้บริการ")
    areas.get_by_label("การออกแบบบรรจุภัณฑ์").check()
    areas.get_by_label("ระบบมาตรฐาน").check()
    portal.page.get_by_role("group", name="ประเภทผลิตภัณฑ์ที่ให้บริการ").get_by_label("อาหาร", exact=True).check()
    portal.page.get_by_label("จังหวัดที่ตั้ง").select_option(label="เชียงใหม่")
    portal.page.get_by_label("จังหวัดอื่นที่ให้บริการ").select_option(label=["ลำพูน", "ลำปาง"])
    portal.page.get_by_label("จำนวนงานที่รับได้").fill("8")
    portal.page.get_by_label("ชื่อผู้ติดต่อ").fill("ดร.อรุณี แสงทอง")
    portal.page.get_by_label("อีเมล").fill("arunee@food-science.example")
    portal.submit("ลงทะเบียน")
    portal.expect_notice("ลงทะเบียนแล้ว")
    provider_id = uuid_in(portal.page.url)
    details = portal.section("ข้อมูลผู้ให้บริการ")
    expect(details).to_contain_text("การออกแบบบรรจุภัณฑ์, ระบบมาตรฐาน")
    expect(details).to_contain_text("เชียงใหม่, ลำปาง, ลำพูน")  # home province first, then the list's (Thai) order
    provider = programme.get(f"/v1/providers/{provider_id}")
    assert provider["provinceCodes"] == ["TH-50", "TH-52", "TH-51"] and provider["qualified"] is False
    # Not pre-qualified yet: it waits in the officer's queue, whose row pre-qualifies it.
    portal.open("/queues")
    row = portal.section("ผู้ให้บริการรอการคัดกรอง").get_by_role("row").filter(has_text=name)
    expect(row).to_have_count(1)
    portal.submit("ให้ผ่านการคัดกรอง", within=row)
    portal.expect_notice("ผ่านการคัดกรองแล้ว")
    expect(portal.section("ผู้ให้บริการรอการคัดกรอง").get_by_role("row").filter(has_text=name)).to_have_count(0)
    assert programme.get(f"/v1/providers/{provider_id}")["qualified"] is True


def test_screening_from_the_queue_and_matchings_proposal_arrives(portal, programme, accounts):
    request = programme.request(programme.north_enterprise, description="ต้องการออกแบบฉลากและยื่นขอ มผช. สำหรับน้ำพริก")
    portal.sign_in(accounts.north, accounts.password)
    assert portal.page.url.endswith("/queues")
    row = portal.section("คำขอรอคัดกรอง").get_by_role("row").filter(has_text=request["reference"])
    expect(row).to_have_count(1)
    expect(row).to_contain_text(programme.north_enterprise["products"][0]["name"])
    row.get_by_label("ผ่าน", exact=True).check()
    portal.submit("บันทึกผลคัดกรอง", within=row)
    portal.expect_notice("ส่งคำสั่งแล้ว")
    # The request's page: matching screens it in and proposes the north provider, with its reasons.
    portal.page.get_by_role("link", name="คำขอรับบริการ").first.click()
    portal.open(f"/requests/{request['id']}")
    portal.reload_until("matching's proposal",
                        lambda page: "เสนอผู้ให้บริการแล้ว" in page.locator("section#details, section").first.inner_text())
    expect(portal.page.locator("h1")).to_contain_text(request["reference"])
    proposals = portal.section("ข้อเสนอ")
    provider_link = proposals.locator(f"a[href='/providers/{programme.north_provider['id']}']")
    expect(provider_link).to_have_text(programme.north_provider["name"])
    expect(proposals).to_contain_text("2,500/2,500")  # each criterion as points/weight, with the reason
    timeline = portal.section("ลำดับเหตุการณ์")
    expect(timeline).to_contain_text("intake")
    expect(timeline).to_contain_text("matching")
    # The screening queue no longer holds it.
    portal.open("/queues")
    expect(portal.section("คำขอรอคัดกรอง").get_by_role("row").filter(has_text=request["reference"])).to_have_count(0)


def test_search_by_reference_opens_the_request(portal, programme, accounts):
    portal.sign_in(accounts.central, accounts.password)
    reference = programme.bangkok_request["reference"]
    portal.page.get_by_label("ค้นหา").fill(reference.lower())
    with portal.page.expect_navigation():
        portal.page.get_by_role("search").get_by_role("button", name="ค้นหา").click()
    portal.checked()
    assert portal.page.url.endswith(f"/requests/{programme.bangkok_request['id']}")


def test_search_by_a_thai_name_fragment_finds_the_enterprise_and_its_requests(portal, programme, accounts):
    enterprise = programme.north_enterprise
    request = programme.request(enterprise, description="ต้องการพัฒนาสูตรน้ำพริกให้เก็บได้นานขึ้น")
    portal.sign_in(accounts.north, accounts.password)
    portal.page.get_by_label("ค้นหา").fill("แม่บ้านบ้านแม่ริม")  # a fragment from the middle of the name, as typed
    with portal.page.expect_navigation():
        portal.page.get_by_role("search").get_by_role("button", name="ค้นหา").click()
    portal.checked()
    expect(portal.page.locator("h1")).to_have_text("ผลการค้นหา: แม่บ้านบ้านแม่ริม")
    expect(portal.section("วิสาหกิจ").get_by_role("link", name=enterprise["name"])).to_have_count(1)
    expect(portal.section("คำขอรับบริการ").get_by_role("row").filter(has_text=request["reference"])).to_have_count(1)
    # A central officer's search finds nothing of the north's (intake scopes the search).
    portal.sign_out()
    portal.sign_in(accounts.central, accounts.password)
    portal.open("/search?q=" + "แม่บ้านบ้านแม่ริม")
    expect(portal.section("วิสาหกิจ")).to_contain_text("ไม่พบรายการ")


def test_csv_import_dry_run_then_for_real(portal, programme, accounts, tmp_path):
    rows = [
        f"{registration(programme.series, 901)},กลุ่มแม่บ้านทำขนมบ้านสันทราย {programme.tag},วิสาหกิจชุมชน,เชียงใหม่,สันทราย,สันทรายหลวง,"
        "ข้าวแต๋นน้ำแตงโม,อาหาร,ผลผลิตแปรรูปขั้นต้น,3,2566,B,นางคำปัน ใจงาม,ประธานกลุ่ม,081-555-0101,,",
        f"{registration(programme.series, 902)},กลุ่มทอผ้าฝ้ายบ้านดอนหลวง {programme.tag},วิสาหกิจชุมชน,ลำพูน,ป่าซาง,มะกอก,"
        "ผ้าฝ้ายยกดอก,ผ้า เครื่องแต่งกาย,,4,2566,A,นางศรีนวล ปัญญา,ประธานกลุ่ม,081-555-0102,,",
        f"1234567890123,กลุ่มเลขทะเบียนผิด {programme.tag},วิสาหกิจชุมชน,เชียงใหม่,สารภี,,ลำไยอบแห้ง,อาหาร,ผลผลิตแปรรูปขั้นต้น,,,,"
        "นายทดสอบ ผิดพลาด,,081-555-0103,,",
    ]
    path = tmp_path / "enterprises.csv"
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER] + rows) + "\r\n").encode())
    # A regional officer's file would be refused (it may hold every region's rows): the page says so.
    portal.sign_in(accounts.north, accounts.password)
    portal.open("/imports")
    expect(portal.page.locator(".note")).to_contain_text("เจ้าหน้าที่ส่วนกลาง")
    expect(portal.page.get_by_label("ไฟล์ CSV")).to_have_count(0)
    portal.sign_out()
    portal.sign_in(accounts.national, accounts.password)
    portal.open("/imports")
    portal.page.get_by_label("ข้อมูล").select_option("enterprises")
    portal.page.get_by_label("ไฟล์ CSV").set_input_files(str(path))
    portal.submit("ทดลองนำเข้า")
    expect(portal.page.locator("h2").first).to_have_text("ผลการทดลองนำเข้า (ยังไม่บันทึก)")
    summary = portal.section("ผลการทดลองนำเข้า (ยังไม่บันทึก)")
    expect(summary.locator("div").filter(has_text="สร้างใหม่")).to_contain_text("2")
    expect(summary.locator("div").filter(has_text="ไม่สำเร็จ")).to_contain_text("1")
    expect(portal.section("ปัญหารายแถว")).to_contain_text("4")  # the third data row is line 4 of the file
    assert not enterprise_named(programme, f"กลุ่มแม่บ้านทำขนมบ้านสันทราย {programme.tag}"), "a dry run saves nothing"
    portal.submit("นำเข้าจริง")
    expect(portal.page.locator("h2").first).to_have_text("ผลการนำเข้า")
    expect(portal.section("ผลการนำเข้า").locator("div").filter(has_text="สร้างใหม่")).to_contain_text("2")
    assert enterprise_named(programme, f"กลุ่มแม่บ้านทำขนมบ้านสันทราย {programme.tag}")
    assert enterprise_named(programme, f"กลุ่มทอผ้าฝ้ายบ้านดอนหลวง {programme.tag}")


def enterprise_named(programme, name):
    """Whether intake lists an enterprise of that name in the north (newest first, one page)."""
    page = programme.get("/v1/enterprises?region=north&limit=100")
    return any(item["name"] == name for item in page["items"])
