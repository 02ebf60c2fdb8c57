import Domain
import Foundation

/// The historical import file (`POST /v1/imports/history`): **one row per coupon** of a past fiscal
/// year, as the ministry's yearly spreadsheets list the establishments served: the fiscal year, the
/// establishment (registration number when known, name, province), the product, the service
/// areas, the coupon's value, the provider, and whether the work was completed and led to a
/// certificate. Rows are independent (no continuation rows). The columns and examples are in
/// docs/reports.md ("The historical import").
enum HistoryFile {
    static let fiscalYear = "fiscalYear"
    static let quarter = "quarter"
    static let projectCode = "projectCode"
    static let registrationNumber = "registrationNumber"
    static let name = "name"
    static let kind = "kind"
    static let province = "province"
    static let productName = "productName"
    static let productType = "productType"
    static let serviceAreas = "serviceAreas"
    static let standard = "standard"
    static let couponBaht = "couponBaht"
    static let providerName = "providerName"
    static let completed = "completed"
    static let certificateObtained = "certificateObtained"

    static let columns = ImportColumns([
        ImportColumn(fiscalYear, thai: ["ปีงบประมาณ", "ปีงบ", "ปี พ.ศ."], english: ["fiscal year", "FY"]),
        ImportColumn(quarter, thai: ["ไตรมาส"]),
        ImportColumn(projectCode, thai: ["รหัสโครงการ", "เลขที่โครงการ", "เลขที่สัญญา"], english: ["project code", "project no", "contract no"]),
        ImportColumn(registrationNumber, thai: ["เลขทะเบียน", "เลขทะเบียนวิสาหกิจ", "เลขทะเบียนวิสาหกิจชุมชน", "เลขประจำตัวผู้เสียภาษี",
                                                "เลขนิติบุคคล"],
                     english: ["registration number", "registration no"]),
        ImportColumn(name, thai: ["ชื่อสถานประกอบการ", "สถานประกอบการ", "ชื่อวิสาหกิจ", "ชื่อวิสาหกิจชุมชน", "ชื่อกลุ่ม", "ชื่อผู้ประกอบการ"],
                     english: ["establishment name", "establishment", "enterprise name", "enterpriseName"]),
        ImportColumn(kind, thai: ["ประเภทผู้ประกอบการ", "ประเภทวิสาหกิจ"], english: ["enterprise kind"]),
        ImportColumn(province, thai: ["จังหวัด"], english: ["provinceCode", "province code"]),
        ImportColumn(productName, thai: ["ชื่อผลิตภัณฑ์", "ผลิตภัณฑ์"], english: ["product name", "product"]),
        ImportColumn(productType, thai: ["ประเภทผลิตภัณฑ์"], english: ["product type"]),
        ImportColumn(serviceAreas, thai: ["ด้านที่ได้รับการพัฒนา", "ด้านที่ให้บริการ", "ด้านบริการ"], english: ["service areas", "service area"]),
        ImportColumn(standard, thai: ["มาตรฐาน", "มาตรฐานเป้าหมาย", "มาตรฐานที่ยื่นขอ"], english: ["target standard"]),
        ImportColumn(couponBaht, thai: ["มูลค่าคูปอง (บาท)", "มูลค่าคูปอง", "วงเงินคูปอง", "งบประมาณ (บาท)"],
                     english: ["coupon value", "coupon value (baht)", "coupon baht"]),
        ImportColumn(providerName, thai: ["หน่วยให้บริการ", "ชื่อหน่วยให้บริการ", "หน่วยงานที่ให้บริการ", "ผู้ให้บริการ"],
                     english: ["provider", "provider name"]),
        ImportColumn(completed, thai: ["ดำเนินการแล้วเสร็จ", "ผลการดำเนินงาน", "แล้วเสร็จ"]),
        ImportColumn(certificateObtained, thai: ["ได้รับการรับรองมาตรฐาน", "ได้รับมาตรฐาน", "ได้รับใบรับรอง"],
                     english: ["certificate obtained", "certified"]),
    ], required: [fiscalYear, name, province, productType, serviceAreas, couponBaht])

    /// Yes and no, with the words a progress column uses (`แล้วเสร็จ`, `อยู่ระหว่างดำเนินการ`).
    static let done = Vocabulary<Bool>([
        (true, "yes", ["ใช่", "ผ่าน", "มี", "แล้วเสร็จ", "เสร็จสิ้น", "เสร็จ", "ได้รับ", "y", "true", "1", "done", "completed"]),
        (false, "no", ["ไม่", "ไม่ใช่", "ไม่ผ่าน", "ไม่มี", "ไม่แล้วเสร็จ", "ยกเลิก", "อยู่ระหว่างดำเนินการ", "ไม่ได้รับ", "n", "false", "0",
                       "cancelled", "in progress"]),
    ])

    /// The largest coupon value a row may state (baht): coupons are about 50,000–200,000.
    static let maxCouponBaht = 10_000_000

    /// Reads every row; `currentFiscalYear` is the last year history may name.
    static func read(_ table: CSVTable, layout: ColumnLayout, currentFiscalYear: Int) -> FileReading<HistoricalCoupon> {
        var reading = FileReading<HistoricalCoupon>(rows: table.records.count, layout: layout, orphans: [])
        var seen: [String: Int] = [:]
        for record in table.records {
            var (coupon, problems) = read(record, layout: layout, years: ReportPeriod.firstFiscalYear...currentFiscalYear)
            if let key = coupon?.naturalKey {
                if let earlier = seen[key] {
                    problems.append(RowProblem(row: record.row, field: coupon?.projectCode == nil ? nil : projectCode,
                                               issue: .sameCouponAsRow(earlier)))
                    coupon = nil
                } else {
                    seen[key] = record.row
                }
            }
            reading.add(coupon, rows: [record.row], name: coupon?.name ?? layout.index[name].flatMap { record.cells[safe: $0] },
                        problems: problems)
        }
        return reading
    }

    private static func read(_ record: CSVTable.Record, layout: ColumnLayout, years: ClosedRange<Int>) -> (HistoricalCoupon?, [RowProblem]) {
        var reader = RowReader(record: record, layout: layout)
        guard reader.checkWidth() else { return (nil, reader.problems) }
        reader.checkRepeatedColumns()
        let year = reader.buddhistYear(fiscalYear, in: years)
        if reader.cell(fiscalYear) == nil { reader.fail(fiscalYear, .required) }
        let quarter = reader.integer(Self.quarter, in: 1...4)
        let code = reader.text(projectCode, maxLength: 100)
        let registration = reader.registrationNumber(registrationNumber)
        let name = reader.requiredText(Self.name, maxLength: 300)
        let kind = reader.value(Self.kind, in: ImportVocabulary.enterpriseKinds)
        let province = reader.province(Self.province)
        if reader.cell(Self.province) == nil { reader.fail(Self.province, .required) }
        let product = reader.text(productName, maxLength: 300)
        let type = reader.value(productType, in: ImportVocabulary.productTypes)
        if reader.cell(productType) == nil { reader.fail(productType, .required) }
        let areas = reader.list(serviceAreas, in: ImportVocabulary.serviceAreas)
        if reader.cell(serviceAreas) == nil { reader.fail(serviceAreas, .required) }
        let standard = reader.value(Self.standard, in: ImportVocabulary.standards)
        let baht = reader.integer(couponBaht, in: 0...maxCouponBaht)
        if reader.cell(couponBaht) == nil { reader.fail(couponBaht, .required) }
        let provider = reader.text(providerName, maxLength: 300)
        let completed = reader.value(Self.completed, in: done)
        let certified = reader.value(certificateObtained, in: done)
        guard reader.problems.isEmpty, let year, let name, let province, let type, let areas, let baht else {
            return (nil, reader.problems)
        }
        return (HistoricalCoupon(
            row: record.row, fiscalYear: year, quarter: quarter, projectCode: code, registrationNumber: registration?.digits,
            name: name, kind: kind, provinceCode: province.isoCode, productName: product, productType: type,
            serviceAreas: areas.sorted { ServiceArea.allCases.firstIndex(of: $0)! < ServiceArea.allCases.firstIndex(of: $1)! },
            standard: standard, couponBaht: baht, providerName: provider, completed: completed, certificateObtained: certified), [])
    }
}

/// One coupon of a past fiscal year, as the file gives it, every value valid.
struct HistoricalCoupon: Sendable, Equatable, ImportCandidate {
    let row: Int
    let fiscalYear: Int
    let quarter: Int?
    let projectCode: String?
    /// 13 digits, check digit validated.
    let registrationNumber: String?
    let name: String
    let kind: EnterpriseKind?
    let provinceCode: String
    let productName: String?
    let productType: ProductType
    /// In the catalogue's order, without repeats.
    let serviceAreas: [ServiceArea]
    let standard: StandardCode?
    let couponBaht: Int
    /// Spaces collapsed, as provider names are compared.
    let providerName: String?
    let completed: Bool?
    let certificateObtained: Bool?

    var rows: [Int] { [row] }

    /// One establishment however many coupons it got, live or imported: the registration number
    /// when the file gives one (a live enterprise registered with it is the same establishment),
    /// otherwise the province and the name compared loosely (``ImportText/key(_:)``).
    var establishmentKey: String {
        registrationNumber ?? "\(provinceCode):\(ImportText.key(name))"
    }

    /// What a re-import finds the stored row by: the project code when the file gives one;
    /// otherwise the fiscal year, the establishment, the service areas and the provider.
    var naturalKey: String {
        if let projectCode { return "project:\(ImportText.key(projectCode))" }
        return ["\(fiscalYear)", establishmentKey, serviceAreas.map(\.rawValue).joined(separator: ";"),
                ImportText.key(providerName ?? "")].joined(separator: "|")
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
