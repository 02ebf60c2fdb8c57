#!/usr/bin/env python3
"""The programme's past years as the ministry's spreadsheets would list them: one row per coupon,
FY2560 to FY2569, with plausible Thai establishments, products, provinces (from the bundled
provinces.csv), providers and coupon values. Deterministic for a seed.

`python3 scripts/demo/history_data.py` writes scripts/demo/history.csv (the demo's file, a few
hundred establishments, UTF-8 with a BOM as Excel's "CSV UTF-8" writes it); scripts/bench_reports.sh
uses `rows(...)` for its larger history. Standard library only. The figures are made up: they are
shaped like the programme (a few coupons per establishment over the years, 50,000–200,000 baht
each, most work completed), not taken from it.
"""
import csv
import io
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROVINCES_CSV = HERE.parent.parent / "Libraries" / "Domain" / "Resources" / "provinces.csv"

HEADER = ["ปีงบประมาณ", "ไตรมาส", "รหัสโครงการ", "เลขทะเบียน", "ชื่อสถานประกอบการ", "จังหวัด", "ชื่อผลิตภัณฑ์",
          "ประเภทผลิตภัณฑ์", "ด้านที่ได้รับการพัฒนา", "มาตรฐาน", "มูลค่าคูปอง (บาท)", "หน่วยให้บริการ",
          "ดำเนินการแล้วเสร็จ", "ได้รับการรับรองมาตรฐาน"]

# Who makes what: a group's name follows its trade.
GROUPS = {
    "อาหาร": ["วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกร", "วิสาหกิจชุมชนกลุ่มแปรรูปอาหาร", "กลุ่มอาชีพแปรรูปผลผลิตการเกษตร"],
    "เครื่องดื่ม": ["วิสาหกิจชุมชนกลุ่มเกษตรกร", "สหกรณ์การเกษตร", "วิสาหกิจชุมชนกลุ่มผู้ปลูกชา"],
    "ผ้า เครื่องแต่งกาย": ["กลุ่มทอผ้า", "วิสาหกิจชุมชนกลุ่มทอผ้าฝ้าย", "กลุ่มสตรีทอผ้าไหม"],
    "ของใช้": ["กลุ่มจักสาน", "กลุ่มหัตถกรรม", "วิสาหกิจชุมชนกลุ่มเครื่องปั้นดินเผา"],
    "สมุนไพร": ["กลุ่มสมุนไพร", "วิสาหกิจชุมชนกลุ่มแพทย์แผนไทย", "กลุ่มแปรรูปสมุนไพร"],
}
COMPANIES = {"อาหาร": "บริษัท {} ฟู้ดส์ จำกัด", "เครื่องดื่ม": "บริษัท {} เบเวอเรจ จำกัด",
             "ผ้า เครื่องแต่งกาย": "ห้างหุ้นส่วนจำกัด {} ผ้าทอ", "ของใช้": "ห้างหุ้นส่วนจำกัด {} หัตถกรรม",
             "สมุนไพร": "บริษัท {} เฮิร์บ จำกัด"}
VILLAGES = ["ดอนแก้ว", "หนองบัว", "โนนสูง", "ท่าช้าง", "ป่าซาง", "นาโพธิ์", "ห้วยทราย", "แม่ริม", "บางระจัน", "คลองสวน",
            "หนองหาร", "ทุ่งกุลา", "เวียงกาหลง", "บ่อสร้าง", "ดอยสะเก็ด", "ท่าเรือ", "บางเจ้าฉ่า", "เกาะเกร็ด", "ควนลัง",
            "คีรีวง", "ปากพนัง", "ห้วยกระเจา", "บ้านไร่", "โพธิ์ทอง", "นาหว้า", "นาต้นจั่น", "หนองขาม", "สันกำแพง",
            "ไร่ขิง", "ศรีเทพ", "ดอนเจดีย์", "หัวเวียง", "ทุ่งหลวง", "ป่าตาล", "บางกระเจ้า", "แหลมสิงห์"]
PRODUCTS = {
    "อาหาร": ["น้ำพริกหนุ่ม", "กล้วยตาก", "ข้าวแต๋นน้ำแตงโม", "ปลาร้าบอง", "หมูยอ", "ทุเรียนทอด", "มะม่วงกวน", "น้ำพริกเผา",
              "แหนม", "ขนมผิง", "ลำไยอบแห้ง", "ข้าวกล้องงอก"],
    "เครื่องดื่ม": ["น้ำลำไยสกัด", "ชาใบหม่อน", "กาแฟอาราบิก้า", "ไวน์มะเม่า", "น้ำตาลโตนด", "น้ำกระเจี๊ยบ"],
    "ผ้า เครื่องแต่งกาย": ["ผ้าไหมมัดหมี่", "ผ้าฝ้ายทอมือ", "ผ้าขาวม้า", "ผ้าบาติก", "ผ้าครามย้อมธรรมชาติ", "ผ้าซิ่นตีนจก"],
    "ของใช้": ["ตะกร้าจักสานไม้ไผ่", "เครื่องปั้นดินเผา", "กระเป๋าผักตบชวา", "ไม้แกะสลัก", "เทียนหอม", "เสื่อกก"],
    "สมุนไพร": ["ยาหม่องสมุนไพร", "สบู่สมุนไพร", "ลูกประคบ", "น้ำมันเหลือง", "ครีมขมิ้นชัน", "สเปรย์ตะไคร้หอม"],
}
PRODUCT_WEIGHTS = {"อาหาร": 45, "เครื่องดื่ม": 12, "ผ้า เครื่องแต่งกาย": 18, "ของใช้": 13, "สมุนไพร": 12}
AREAS = ["การพัฒนาคุณภาพวัตถุดิบ", "การออกแบบกระบวนการผลิต", "การออกแบบเครื่องมือและเครื่องจักร", "การออกแบบบรรจุภัณฑ์",
         "นวัตกรรมผลิตภัณฑ์", "ระบบมาตรฐาน"]
STANDARDS = {"อาหาร": ["มผช.", "อย.", "GMP", "ฮาลาล"], "เครื่องดื่ม": ["มผช.", "อย.", "GMP"],
             "ผ้า เครื่องแต่งกาย": ["มผช."], "ของใช้": ["มผช."], "สมุนไพร": ["มผช.", "ฮาลาล"]}
# Providers by region; the first of the north, the northeast and the central region are the demo's
# live providers (scripts/demo_data.py), so their scorecards join the history by name.
PROVIDERS = {
    "north": ["คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", "อุทยานวิทยาศาสตร์และเทคโนโลยี มหาวิทยาลัยเชียงใหม่", "มหาวิทยาลัยราชภัฏเชียงราย"],
    "northeast": ["อุทยานวิทยาศาสตร์ภาคตะวันออกเฉียงเหนือ มหาวิทยาลัยขอนแก่น", "มหาวิทยาลัยเทคโนโลยีสุรนารี",
                  "มหาวิทยาลัยราชภัฏบุรีรัมย์"],
    "central": ["สถาบันวิจัยวิทยาศาสตร์และเทคโนโลยีแห่งประเทศไทย (วว.)", "มหาวิทยาลัยเกษตรศาสตร์"],
    "east": ["มหาวิทยาลัยบูรพา", "มหาวิทยาลัยราชภัฏรำไพพรรณี"],
    "west": ["มหาวิทยาลัยศิลปากร วิทยาเขตพระราชวังสนามจันทร์", "มหาวิทยาลัยราชภัฏกาญจนบุรี"],
    "south": ["อุทยานวิทยาศาสตร์ มหาวิทยาลัยสงขลานครินทร์", "มหาวิทยาลัยวลัยลักษณ์"],
}
REGION_CODES = {"north": "N", "northeast": "NE", "central": "C", "east": "E", "west": "W", "south": "S"}


def provinces():
    """[(Thai name, region)] from the bundled provinces.csv."""
    with PROVINCES_CSV.open(encoding="utf-8") as f:
        return [(row["name_th"], row["region"]) for row in csv.DictReader(f)]


def registration(series, n):
    """A 13-digit registration number with its check digit (the Thai id number rule)."""
    first12 = "09%03d%07d" % (series % 1000, n)
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def rows(establishments, first_year=2560, last_year=2569, seed=2560, series=930):
    """One list of cells per coupon (in HEADER's order), years ascending: `establishments`
    establishments, each served one to three times over the years, more of them in later years."""
    rng = random.Random(seed)
    places = provinces()
    years = list(range(first_year, last_year + 1))
    weights = [1 + i * 0.25 for i in range(len(years))]   # the programme grew
    coupons = []
    for n in range(establishments):
        province, region = rng.choice(places)
        kind = rng.choices(list(PRODUCT_WEIGHTS), weights=list(PRODUCT_WEIGHTS.values()))[0]
        village = rng.choice(VILLAGES)
        if rng.random() < 0.12:
            name = COMPANIES[kind].format(village)
        else:
            name = f"{rng.choice(GROUPS[kind])}บ้าน{village}"
        if n % 7 == 3:
            name = f"{name} {n}"   # two groups of one village keep apart
        number = registration(series, n) if rng.random() < 0.8 else ""
        product = rng.choice(PRODUCTS[kind])
        times = rng.choices([1, 2, 3], weights=[70, 22, 8])[0]
        for year in sorted(set(rng.choices(years, weights=weights, k=times))):
            areas = rng.sample(AREAS, k=rng.choice([1, 1, 2, 2, 3]))
            areas.sort(key=AREAS.index)
            standard = rng.choice(STANDARDS[kind]) if "ระบบมาตรฐาน" in areas or rng.random() < 0.3 else ""
            baht = rng.randrange(50_000, 200_001, 5_000)
            completed = rng.random() < (0.93 if year < last_year else 0.6)
            certified = bool(standard) and completed and rng.random() < 0.65
            quarter = str(rng.choice([1, 2, 2, 3, 3, 4])) if rng.random() < 0.7 else ""
            code = f"OTOP{year % 100:02d}-{REGION_CODES[region]}-{len(coupons) + 1:04d}" if rng.random() < 0.6 else ""
            coupons.append([str(year), quarter, code, number, name, province, product, kind, ";".join(areas), standard,
                            f"{baht:,}", rng.choice(PROVIDERS[region]), "แล้วเสร็จ" if completed else "อยู่ระหว่างดำเนินการ",
                            ("ได้รับ" if certified else "ไม่ได้รับ") if standard else ""])
    coupons.sort(key=lambda row: (row[0], row[5], row[4]))
    return coupons


# The demo's live enterprise (scripts/demo_data.py registers it with this number): served twice
# before the system, so the cumulative report counts it once over both sources.
MAE_RIM_NUMBER = registration(920, 1)
MAE_RIM = [
    ["2563", "2", "OTOP63-N-0001", MAE_RIM_NUMBER, "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม", "เชียงใหม่", "น้ำพริกหนุ่มสมุนไพร",
     "อาหาร", "การออกแบบกระบวนการผลิต", "อย.", "120,000", "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", "แล้วเสร็จ", "ได้รับ"],
    ["2566", "3", "OTOP66-N-0001", MAE_RIM_NUMBER, "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม", "เชียงใหม่", "แคบหมูไร้มัน",
     "อาหาร", "การออกแบบบรรจุภัณฑ์", "", "90,000", "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", "แล้วเสร็จ", ""],
]


def write(path, coupons):
    """`coupons` under HEADER as Excel's CSV UTF-8 writes them (BOM, CRLF)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(coupons)
    Path(path).write_text("\ufeff" + text.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "history.csv"
    coupons = sorted(rows(300) + MAE_RIM, key=lambda row: (row[0], row[5], row[4]))
    write(target, coupons)
    print(f"{target}: {len(coupons)} coupons of {len({(r[3] or r[5] + r[4]) for r in coupons})} establishments")
