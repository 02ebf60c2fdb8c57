#!/usr/bin/env python3
"""Writes a CSV import file for scripts/bench_import.sh: `--rows` rows of enterprises (one product and
one contact person each, so every row is an enterprise: the most events per row) or of providers,
with Thai headers and text, a BOM and CRLF as Excel writes them. `--series` makes the natural keys
(registration numbers, provider names) of one run differ from another's; `--stars` changes every
enterprise's product (for the update measurement). Standard library only.
"""
import argparse, csv, io, sys

PROVINCES = ["เชียงใหม่", "ลำพูน", "อุดรธานี", "ขอนแก่น", "สุรินทร์", "พิษณุโลก", "จันทบุรี", "สงขลา", "กระบี่", "นครปฐม"]
PRODUCTS = [("น้ำพริกหนุ่มสมุนไพร", "อาหาร", "อาหารแปรรูป"), ("ผ้าไหมมัดหมี่ลายโบราณ", "ผ้า เครื่องแต่งกาย", ""),
            ("กาแฟอาราบิก้าคั่วเข้ม", "เครื่องดื่ม", ""), ("สบู่ขมิ้นชันน้ำผึ้ง", "สมุนไพรที่ไม่ใช่อาหาร", ""),
            ("ตะกร้าสานผักตบชวา", "ของใช้ ของตกแต่ง ของที่ระลึก", "")]

def registration(series, n):
    first12 = "09%03d%07d" % (series % 1000, n)
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)

def enterprises(writer, rows, series, stars):
    writer.writerow(["เลขทะเบียน", "ชื่อวิสาหกิจ", "ประเภทผู้ประกอบการ", "จังหวัด", "อำเภอ", "ตำบล", "ชื่อผลิตภัณฑ์",
                     "ประเภทผลิตภัณฑ์", "กลุ่มอาหาร", "ระดับดาว", "ปีที่คัดสรร", "ชื่อผู้ติดต่อ", "ตำแหน่ง", "โทรศัพท์", "อีเมล"])
    for n in range(rows):
        product, kind, subgroup = PRODUCTS[n % len(PRODUCTS)]
        writer.writerow([registration(series, n), f"วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านทดสอบ {series}-{n}", "วิสาหกิจชุมชน",
                         PROVINCES[n % len(PROVINCES)], "เมือง", "ในเมือง", product, kind, subgroup, stars, "2566",
                         f"นางสมศรี ใจดี {n}", "ประธานกลุ่ม", "081-234-%04d" % (n % 10000), f"member{n}@bench-{series}.example"])

def providers(writer, rows, series):
    writer.writerow(["ชื่อหน่วยงาน", "ประเภทหน่วยงาน", "ด้านที่ให้บริการ", "ประเภทผลิตภัณฑ์", "มาตรฐาน", "จังหวัดที่ให้บริการ",
                     "ภูมิภาคที่ให้บริการ", "จำนวนงานที่รับได้", "ผ่านการคัดกรอง", "ชื่อผู้ติดต่อ", "อีเมล"])
    for n in range(rows):
        writer.writerow([f"คลินิกเทคโนโลยีทดสอบ {series}-{n}", "มหาวิทยาลัย", "กระบวนการผลิต;บรรจุภัณฑ์;ระบบมาตรฐาน",
                         "อาหาร;เครื่องดื่ม", "มผช.;GMP", f"{PROVINCES[n % len(PROVINCES)]};{PROVINCES[(n + 1) % len(PROVINCES)]}", "ภาคเหนือ", "12", "ไม่",
                         f"ดร.วิภาวี ศรีสุข {n}", f"coordinator{n}@bench-{series}.example"])

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["enterprises", "providers"])
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--series", type=int, default=1)
    ap.add_argument("--stars", default="3")
    args = ap.parse_args()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if args.kind == "enterprises":
        enterprises(writer, args.rows, args.series, args.stars)
    else:
        providers(writer, args.rows, args.series)
    sys.stdout.buffer.write(b"\xef\xbb\xbf" + out.getvalue().encode())

if __name__ == "__main__":
    main()
