import Contracts
import Domain
import Foundation

/// The enterprises import file: **one row per product**, the enterprise's columns repeated on each
/// of its rows (or left blank on the rows after its first, as merged cells export), its contact
/// persons in the contact columns of the same rows (one per row; a row may hold a product, a
/// contact person, or both). Rows with the same registration number are one enterprise.
/// The columns and examples are in docs/api.md ("Bulk import").
enum EnterpriseFile {
    static let registrationNumber = "registrationNumber"
    static let name = "name"
    static let kind = "kind"
    static let province = "province"
    static let district = "district"
    static let subdistrict = "subdistrict"
    static let productName = "productName"
    static let productType = "productType"
    static let foodSubgroup = "foodSubgroup"
    static let opcStars = "opcStars"
    static let opcYear = "opcYear"
    static let quadrant = "quadrant"

    static let columns = ImportColumns([
        ImportColumn(registrationNumber, thai: ["เลขทะเบียน", "เลขทะเบียนวิสาหกิจ", "เลขทะเบียนวิสาหกิจชุมชน",
                                                "เลขประจำตัวผู้เสียภาษี", "เลขนิติบุคคล"],
                     english: ["registration number", "registration no"]),
        ImportColumn(name, thai: ["ชื่อวิสาหกิจ", "ชื่อวิสาหกิจชุมชน", "ชื่อกลุ่ม", "ชื่อผู้ประกอบการ"],
                     english: ["enterprise name", "enterpriseName"]),
        ImportColumn(kind, thai: ["ประเภทผู้ประกอบการ", "ประเภทวิสาหกิจ"], english: ["enterprise kind"]),
        ImportColumn(province, thai: ["จังหวัด"], english: ["provinceCode", "province code"]),
        ImportColumn(district, thai: ["อำเภอ", "อำเภอ/เขต"]),
        ImportColumn(subdistrict, thai: ["ตำบล", "ตำบล/แขวง"]),
        ImportColumn(productName, thai: ["ชื่อผลิตภัณฑ์", "ผลิตภัณฑ์"], english: ["product name", "product"]),
        ImportColumn(productType, thai: ["ประเภทผลิตภัณฑ์"], english: ["product type"]),
        ImportColumn(foodSubgroup, thai: ["กลุ่มอาหาร", "ประเภทอาหาร"], english: ["food subgroup"]),
        ImportColumn(opcStars, thai: ["ระดับดาว", "ดาว"], english: ["OPC stars", "stars"]),
        ImportColumn(opcYear, thai: ["ปีที่คัดสรร", "ปีที่ได้ดาว"], english: ["OPC year"]),
        ImportColumn(quadrant, thai: ["กลุ่มผลิตภัณฑ์ (Quadrant)", "ควอดแรนท์"]),
    ] + ContactColumns.all, required: [registrationNumber, name, kind, province, district, productName, productType,
                                       ContactColumns.name])

    /// The enterprise's own columns (blank on a continuation row).
    static let enterpriseFields = [name, kind, province, district, subdistrict]
    static let productFields = [productName, productType, foodSubgroup, opcStars, opcYear, quadrant]

    static let quadrants = Vocabulary<String>(["A", "B", "C", "D"].map { ($0, $0, []) })

    /// One row, read.
    struct Row: PartyFileRow {
        let row: Int
        var registration: ThaiIdentificationNumber?
        /// The registration cell is filled but not a valid number (the row fails on its own).
        var unreadableRegistration: Bool
        var hasEnterpriseCells: Bool
        /// Its cells do not line up with the header (too many or too few): nothing else is read.
        var misaligned = false
        var name: String?
        var kind: EnterpriseKind?
        var province: Province?
        var district: String?
        var subdistrict: String?
        var product: ProductLine?
        var contact: ContactPerson?
        var problems: [RowProblem]
    }

    /// Reads every row and puts each enterprise's rows together.
    static func read(_ table: CSVTable, layout: ColumnLayout) -> FileReading<EnterpriseCandidate> {
        FileReading.assemble(table.records.map { read($0, layout: layout) }, layout: layout, membership: { row in
            if let registration = row.registration { return .party(key: registration.digits) }
            if row.unreadableRegistration || row.hasEnterpriseCells { return .alone }
            return .continuation
        }, consolidate: consolidate)
    }

    private static func read(_ record: CSVTable.Record, layout: ColumnLayout) -> Row {
        var reader = RowReader(record: record, layout: layout)
        guard reader.checkWidth() else {
            return Row(row: record.row, registration: nil, unreadableRegistration: true, hasEnterpriseCells: true,
                       misaligned: true, problems: reader.problems)
        }
        reader.checkRepeatedColumns()
        let registration = reader.registrationNumber(registrationNumber)
        let hasEnterpriseCells = reader.anyFilled(enterpriseFields)
        if reader.cell(registrationNumber) == nil && hasEnterpriseCells { reader.fail(registrationNumber, .required) }
        var row = Row(row: record.row, registration: registration,
                      unreadableRegistration: reader.cell(registrationNumber) != nil && registration == nil,
                      hasEnterpriseCells: hasEnterpriseCells, problems: [])
        row.name = reader.text(name, maxLength: 300)
        row.kind = reader.value(kind, in: ImportVocabulary.enterpriseKinds)
        row.province = reader.province(province)
        row.district = reader.text(district, maxLength: 100)
        row.subdistrict = reader.text(subdistrict, maxLength: 100)
        row.product = readProduct(&reader)
        row.contact = ContactColumns.read(&reader)
        row.problems = reader.problems
        return row
    }

    private static func readProduct(_ reader: inout RowReader) -> ProductLine? {
        guard reader.anyFilled(productFields) else { return nil }
        let before = reader.problems.count
        guard reader.cell(productName) != nil else {
            reader.fail(productName, .detailsWithoutName(nameField: reader.layout.header[productName] ?? productName))
            return nil
        }
        let name = reader.text(productName, maxLength: 300)
        let type = reader.value(productType, in: ImportVocabulary.productTypes)
        if reader.cell(productType) == nil { reader.fail(productType, .requiredWith(field: reader.layout.header[productName] ?? productName)) }
        let subgroup = reader.value(foodSubgroup, in: ImportVocabulary.foodSubgroups)
        if subgroup != nil, let type, type != .food { reader.fail(foodSubgroup, .foodSubgroupNotFood) }
        let stars = reader.integer(opcStars, in: 1...5)
        let year = reader.buddhistYear(opcYear, in: 2546...2700)
        if reader.cell(opcStars) != nil && reader.cell(opcYear) == nil {
            reader.fail(opcYear, .requiredWith(field: reader.layout.header[opcStars] ?? opcStars))
        }
        let letter = reader.value(quadrant, in: quadrants)
        guard reader.problems.count == before, let name, let type else { return nil }
        return ProductLine(name: name, productType: type, foodSubgroup: subgroup, opcStars: stars, opcYear: year,
                           quadrant: letter)
    }

    /// The enterprise a party's rows describe, or `nil` (with the problems) when they do not agree
    /// or lack a required value.
    private static func consolidate(_ party: PartyRows<Row>, problems: inout [RowProblem]) -> EnterpriseCandidate? {
        let rows = party.rows
        let name = PartyGrouping.agreed(rows.map { ($0.row, $0.name) }, field: Self.name, problems: &problems)
        let kind = PartyGrouping.agreed(rows.map { ($0.row, $0.kind) }, field: Self.kind, problems: &problems)
        let province = PartyGrouping.agreed(rows.map { ($0.row, $0.province) }, field: Self.province, problems: &problems)
        let district = PartyGrouping.agreed(rows.map { ($0.row, $0.district) }, field: Self.district, problems: &problems)
        let subdistrict = PartyGrouping.agreed(rows.map { ($0.row, $0.subdistrict) }, field: Self.subdistrict, problems: &problems)
        let products = PartyGrouping.unique(rows.compactMap { row in row.product.map { (row.row, $0.name, $0) } },
                                            field: productName, problems: &problems)
        let contacts = PartyGrouping.unique(rows.compactMap { row in row.contact.map { (row.row, $0.name, $0) } },
                                            field: ContactColumns.name, problems: &problems)
        let missing = [(Self.name, name == nil), (Self.kind, kind == nil), (Self.province, province == nil),
                       (Self.district, district == nil)]
        for (field, isMissing) in missing where isMissing && !problems.contains(where: { $0.field == field }) {
            problems.append(RowProblem(row: rows[0].row, field: field, issue: .required))
        }
        guard problems.isEmpty, let registration = rows[0].registration, let name, let kind, let province, let district else {
            return nil
        }
        return EnterpriseCandidate(rows: rows.map(\.row), registrationNumber: registration, name: name, kind: kind,
                                   province: province, district: district, subdistrict: subdistrict,
                                   products: products, contacts: contacts)
    }
}

/// One product as a file row gives it (its id is the stored product's, or new).
struct ProductLine: Sendable, Equatable {
    var name: String
    var productType: ProductType
    var foodSubgroup: FoodSubgroup?
    var opcStars: Int?
    var opcYear: Int?
    var quadrant: String?
}

/// An enterprise as the file describes it, its rows agreeing and every value valid.
struct EnterpriseCandidate: Sendable, ImportCandidate {
    let rows: [Int]
    let registrationNumber: ThaiIdentificationNumber
    let name: String
    let kind: EnterpriseKind
    let province: Province
    let district: String
    let subdistrict: String?
    let products: [Numbered<ProductLine>]
    let contacts: [Numbered<ContactPerson>]
}
