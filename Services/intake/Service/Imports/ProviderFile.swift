import Contracts
import Domain
import Foundation

/// The providers import file: **one row per provider**, lists (service areas, product types,
/// standards, provinces, regions, lab tests) in one cell separated by `;` or line breaks; a provider
/// with several contact persons has one more row per person, its own cells repeated or left blank.
/// Rows with the same name (spaces collapsed) are one provider: the name is its natural key.
/// The columns and examples are in docs/api.md ("Bulk import").
enum ProviderFile {
    static let name = "name"
    static let kind = "kind"
    static let serviceAreas = "serviceAreas"
    static let productTypes = "productTypes"
    static let standards = "standards"
    static let accreditedLabTests = "accreditedLabTests"
    static let provinces = "provinceCodes"
    static let regions = "regions"
    static let capacity = "capacity"
    static let qualified = "qualified"

    static let columns = ImportColumns([
        ImportColumn(name, thai: ["ชื่อหน่วยงาน", "ชื่อหน่วยให้บริการ", "ชื่อผู้ให้บริการ"], english: ["provider name", "providerName"]),
        ImportColumn(kind, thai: ["ประเภทหน่วยงาน"], english: ["provider kind"]),
        ImportColumn(serviceAreas, thai: ["ด้านที่ให้บริการ", "บริการ"], english: ["service areas"]),
        ImportColumn(productTypes, thai: ["ประเภทผลิตภัณฑ์", "ประเภทผลิตภัณฑ์ที่รับ"], english: ["product types"]),
        ImportColumn(standards, thai: ["มาตรฐาน", "มาตรฐานที่ให้คำปรึกษา"]),
        ImportColumn(accreditedLabTests, thai: ["การทดสอบที่ได้รับการรับรอง", "รายการทดสอบ"], english: ["lab tests"]),
        ImportColumn(provinces, thai: ["จังหวัดที่ให้บริการ", "จังหวัด"], english: ["provinces", "province codes"]),
        ImportColumn(regions, thai: ["ภูมิภาคที่ให้บริการ", "ภูมิภาค"]),
        ImportColumn(capacity, thai: ["จำนวนงานที่รับได้", "รับงานได้"], english: ["max projects"]),
        ImportColumn(qualified, thai: ["ผ่านการคัดกรอง", "คัดกรองแล้ว"], english: ["prequalified", "pre-qualified"]),
    ] + ContactColumns.all, required: [name, kind, serviceAreas, productTypes, capacity, ContactColumns.name],
       oneOf: [[provinces, regions]])

    /// The provider's own columns besides its name (blank on a row that only adds a contact person).
    static let providerFields = [kind, serviceAreas, productTypes, standards, accreditedLabTests, provinces, regions, capacity, qualified]

    /// One row, read. A blank cell is `nil` (not given on this row), a list's too.
    struct Row: PartyFileRow {
        let row: Int
        var name: String?
        var key: String?
        var hasProviderCells: Bool
        var unreadable = false
        /// Its cells do not line up with the header (too many or too few): nothing else is read.
        var misaligned = false
        var kind: ProviderKind?
        var serviceAreas: [ServiceArea]?
        var productTypes: [ProductType]?
        var standards: [StandardCode]?
        var accreditedLabTests: [String]?
        var provinceCodes: [String]?
        var regions: [Region]?
        var capacity: Int?
        var qualified: Bool?
        var contact: ContactPerson?
        var problems: [RowProblem] = []
    }

    /// Reads every row and puts each provider's rows together.
    static func read(_ table: CSVTable, layout: ColumnLayout) -> FileReading<ProviderCandidate> {
        FileReading.assemble(table.records.map { read($0, layout: layout) }, layout: layout, membership: { row in
            if let key = row.key { return .party(key: key) }
            if row.unreadable || row.hasProviderCells { return .alone }
            return .continuation
        }, consolidate: consolidate)
    }

    private static func read(_ record: CSVTable.Record, layout: ColumnLayout) -> Row {
        var reader = RowReader(record: record, layout: layout)
        guard reader.checkWidth() else {
            return Row(row: record.row, hasProviderCells: true, unreadable: true, misaligned: true, problems: reader.problems)
        }
        reader.checkRepeatedColumns()
        let hasProviderCells = reader.anyFilled(providerFields)
        let name = reader.text(Self.name, maxLength: 300)
        if reader.cell(Self.name) == nil && hasProviderCells { reader.fail(Self.name, .required) }
        var row = Row(row: record.row, name: name, key: name, hasProviderCells: hasProviderCells,
                      unreadable: reader.cell(Self.name) != nil && name == nil)
        row.kind = reader.value(kind, in: ImportVocabulary.providerKinds)
        row.serviceAreas = reader.list(serviceAreas, in: ImportVocabulary.serviceAreas)
        row.productTypes = reader.list(productTypes, in: ImportVocabulary.productTypes)
        row.standards = reader.list(standards, in: ImportVocabulary.standards)
        row.accreditedLabTests = reader.texts(accreditedLabTests, maxLength: 200)
        row.provinceCodes = reader.provinces(provinces)?.map(\.isoCode)
        row.regions = reader.list(regions, in: ImportVocabulary.regions)
        row.capacity = reader.integer(capacity, in: 0...10_000)
        row.qualified = reader.value(qualified, in: ImportVocabulary.yesNo)
        row.contact = ContactColumns.read(&reader)
        row.problems = reader.problems
        return row
    }

    private static func consolidate(_ party: PartyRows<Row>, problems: inout [RowProblem]) -> ProviderCandidate? {
        let rows = party.rows
        let kind = PartyGrouping.agreed(rows.map { ($0.row, $0.kind) }, field: Self.kind, problems: &problems)
        let areas = PartyGrouping.agreed(rows.map { ($0.row, $0.serviceAreas) }, field: serviceAreas, problems: &problems)
        let types = PartyGrouping.agreed(rows.map { ($0.row, $0.productTypes) }, field: productTypes, problems: &problems)
        let standards = PartyGrouping.agreed(rows.map { ($0.row, $0.standards) }, field: Self.standards, problems: &problems)
        let tests = PartyGrouping.agreed(rows.map { ($0.row, $0.accreditedLabTests) }, field: accreditedLabTests, problems: &problems)
        let provinces = PartyGrouping.agreed(rows.map { ($0.row, $0.provinceCodes) }, field: Self.provinces, problems: &problems)
        let regions = PartyGrouping.agreed(rows.map { ($0.row, $0.regions) }, field: Self.regions, problems: &problems)
        let capacity = PartyGrouping.agreed(rows.map { ($0.row, $0.capacity) }, field: Self.capacity, problems: &problems)
        let qualified = PartyGrouping.agreed(rows.map { ($0.row, $0.qualified) }, field: Self.qualified, problems: &problems)
        let contacts = PartyGrouping.unique(rows.compactMap { row in row.contact.map { (row.row, $0.name, $0) } },
                                            field: ContactColumns.name, problems: &problems)
        let missing = [(Self.kind, kind == nil), (serviceAreas, areas?.isEmpty ?? true), (productTypes, types?.isEmpty ?? true),
                       (Self.capacity, capacity == nil)]
        for (field, isMissing) in missing where isMissing && !problems.contains(where: { $0.field == field }) {
            problems.append(RowProblem(row: rows[0].row, field: field, issue: .required))
        }
        guard problems.isEmpty, let name = rows[0].name, let kind, let areas, let types, let capacity else { return nil }
        return ProviderCandidate(rows: rows.map(\.row), name: name, kind: kind, serviceAreas: areas, productTypes: types,
                                 standards: standards ?? [], accreditedLabTests: tests ?? [], provinceCodes: provinces ?? [],
                                 regions: regions ?? [], capacity: capacity, qualified: qualified ?? false, contacts: contacts)
    }
}

/// A provider as the file describes it, its rows agreeing and every value valid. Lists the file
/// leaves blank are empty.
struct ProviderCandidate: Sendable, ImportCandidate {
    let rows: [Int]
    /// The natural key: the name, trimmed, spaces collapsed.
    let name: String
    let kind: ProviderKind
    let serviceAreas: [ServiceArea]
    let productTypes: [ProductType]
    let standards: [StandardCode]
    let accreditedLabTests: [String]
    /// Home province first.
    let provinceCodes: [String]
    let regions: [Region]
    let capacity: Int
    let qualified: Bool
    let contacts: [Numbered<ContactPerson>]
}
