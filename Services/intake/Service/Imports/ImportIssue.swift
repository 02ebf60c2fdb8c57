import Contracts
import Domain
import Foundation

/// What is wrong with one cell, or one row, of an import file. Each has a stable `code` for
/// programs and a text in Thai and in English for the officer.
enum ImportIssue: Sendable, Equatable {
    case required
    /// Required because another column of the row is filled (`productType` once `productName` is).
    case requiredWith(field: String)
    case tooLong(maxLength: Int, found: Int)
    case lineBreak
    case controlCharacter
    /// Bidirectional formatting characters (U+202E and the like), which make a text read otherwise than stored.
    case bidiControl
    /// Only white space and zero-width characters: nothing an officer could read.
    case invisibleOnly
    /// Not a value of the column's closed list; `accepted` lists what is.
    case notAccepted(found: String, accepted: [String])
    case listedTwice(String)
    /// Not a Thai province by ISO code, Thai name or English name.
    case unknownProvince(found: String)
    case registrationNumber(ThaiIdentificationNumber.ValidationError)
    case notWholeNumber(found: String)
    case outOfRange(ClosedRange<Int>, found: Int)
    /// A year that looks like the Common Era where a Buddhist-Era year belongs.
    case commonEraYear(found: Int)
    case email
    case phone
    case contactAddress
    case channelWithoutAddress(ContactChannel)
    case foodSubgroupNotFood
    /// Details of a product or contact person without its name.
    case detailsWithoutName(nameField: String)
    /// A value of the enterprise or provider that another of its rows gives differently.
    case differsFromRow(Int)
    /// A product or contact person listed again with other details.
    case listedAgainDifferently(row: Int)
    /// A row with only product or contact cells and nobody above it to belong to.
    case noPartyAbove
    /// More cells than the header has columns (a stray comma, or an unclosed quote before it).
    case tooManyCells(found: Int, header: Int)
    /// Two or more header cells name this column and the row's cells under them hold different values.
    case repeatedColumnsDisagree(headers: [String], values: [String])
    /// Fewer cells than the header: usually a quote that was opened and never closed.
    case tooFewCells(found: Int, header: Int)
    /// Neither provinces nor regions served.
    case noAreaServed
    case needsProduct
    case needsContact
    /// The record stored under this natural key cannot be told apart from another one.
    case ambiguous(count: Int)
    /// Not imported because another row of the same enterprise or provider has a problem.
    case partyRowFailed(Int)
    /// A historical coupon the file lists again (the same project code, or the same year,
    /// establishment, service areas and provider).
    case sameCouponAsRow(Int)

    /// Stable and short, for programs reading the report.
    var code: String {
        switch self {
        case .required, .requiredWith: "required"
        case .tooLong: "too-long"
        case .lineBreak: "line-break"
        case .controlCharacter: "control-character"
        case .bidiControl: "bidi-control"
        case .invisibleOnly: "invisible-only"
        case .notAccepted: "not-accepted"
        case .listedTwice: "listed-twice"
        case .unknownProvince: "unknown-province"
        case .registrationNumber: "registration-number"
        case .notWholeNumber: "not-a-whole-number"
        case .outOfRange: "out-of-range"
        case .commonEraYear: "common-era-year"
        case .email: "email"
        case .phone: "phone"
        case .contactAddress: "contact-address"
        case .channelWithoutAddress: "channel-without-address"
        case .foodSubgroupNotFood: "food-subgroup"
        case .detailsWithoutName: "details-without-name"
        case .differsFromRow: "differs-from-row"
        case .listedAgainDifferently: "listed-again-differently"
        case .noPartyAbove: "no-party-above"
        case .tooManyCells: "too-many-cells"
        case .repeatedColumnsDisagree: "repeated-columns-disagree"
        case .tooFewCells: "too-few-cells"
        case .noAreaServed: "no-area-served"
        case .needsProduct: "needs-product"
        case .needsContact: "needs-contact"
        case .ambiguous: "ambiguous"
        case .partyRowFailed: "party-row-failed"
        case .sameCouponAsRow: "same-coupon"
        }
    }

    /// The text for the officer.
    func text(in language: ReportLanguage) -> String {
        switch self {
        case .required:
            language.pick("ต้องระบุ", "is required")
        case .requiredWith(let field):
            language.pick("ต้องระบุเมื่อกรอก \(field)", "is required when \(field) is filled")
        case .tooLong(let maxLength, let found):
            language.pick("ยาวได้ไม่เกิน \(maxLength) ตัวอักษร (พบ \(found))", "must be at most \(maxLength) characters, found \(found)")
        case .lineBreak:
            language.pick("ต้องอยู่ในบรรทัดเดียว ไม่มีการขึ้นบรรทัดใหม่", "must be on one line")
        case .controlCharacter:
            language.pick("มีอักขระควบคุมที่ไม่ใช่ตัวอักษร", "contains control characters")
        case .bidiControl:
            language.pick("มีอักขระกำหนดทิศทางข้อความ (เช่น U+202E) ซึ่งทำให้ข้อความแสดงผิดจากที่บันทึก",
                          "contains bidirectional formatting characters (such as U+202E), which make a text read otherwise than stored")
        case .invisibleOnly:
            language.pick("มีแต่ช่องว่างหรืออักขระความกว้างศูนย์ ไม่มีตัวอักษรที่มองเห็นได้",
                          "holds only spaces or zero-width characters, nothing visible")
        case .notAccepted(let found, let accepted):
            language.pick("'\(found)' ไม่ใช่ค่าที่รับได้ ใช้หนึ่งใน: \(accepted.joined(separator: ", "))",
                          "'\(found)' is not accepted; use one of: \(accepted.joined(separator: ", "))")
        case .listedTwice(let value):
            language.pick("'\(value)' ระบุซ้ำ", "'\(value)' is listed twice")
        case .unknownProvince(let found):
            language.pick("'\(found)' ไม่ใช่จังหวัดของไทย ใช้รหัส ISO (TH-50) ชื่อภาษาไทย (เชียงใหม่) หรือชื่อภาษาอังกฤษ (Chiang Mai)",
                          "'\(found)' is not a Thai province; use its ISO code (TH-50), Thai name (เชียงใหม่) or English name (Chiang Mai)")
        case .registrationNumber(let error):
            switch error {
            case .wrongLength(let count):
                language.pick("เลขทะเบียนต้องมี 13 หลัก (พบ \(count) หลัก)", "must be 13 digits, found \(count)")
            case .nonDigit:
                language.pick("เลขทะเบียนต้องเป็นตัวเลข (คั่นด้วย - หรือเว้นวรรคได้)",
                              "must contain digits only (dashes and spaces are allowed between groups)")
            case .badCheckDigit:
                language.pick("เลขทะเบียนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง)", "check digit does not match")
            }
        case .notWholeNumber(let found):
            language.pick("'\(found)' ไม่ใช่จำนวนเต็ม", "'\(found)' is not a whole number")
        case .outOfRange(let range, let found):
            language.pick("ต้องอยู่ระหว่าง \(range.lowerBound) ถึง \(range.upperBound) (พบ \(found))",
                          "must be between \(range.lowerBound) and \(range.upperBound), found \(found)")
        case .commonEraYear(let found):
            language.pick("ใช้ปีพุทธศักราช เช่น \(found + 543) แทน \(found)",
                          "use the Buddhist-Era year, e.g. \(found + 543) instead of \(found)")
        case .email:
            language.pick("ไม่ใช่อีเมลที่ถูกต้อง", "must be an e-mail address")
        case .phone:
            language.pick("ไม่ใช่หมายเลขโทรศัพท์ไทย เช่น 081-234-5678 หรือ +66812345678",
                          "must be a Thai phone number such as 081-234-5678 or +66812345678")
        case .contactAddress:
            language.pick("ผู้ติดต่อต้องมีอีเมล โทรศัพท์ หรือ LINE อย่างน้อยหนึ่งช่องทาง",
                          "a contact person needs at least one of e-mail, phone, LINE user id")
        case .channelWithoutAddress(let channel):
            language.pick("เลือกช่องทาง \(channel.rawValue) แต่ไม่ได้กรอกที่อยู่ของช่องทางนั้น",
                          "\(channel.rawValue) is listed but its address is missing")
        case .foodSubgroupNotFood:
            language.pick("ใช้ได้กับผลิตภัณฑ์ประเภทอาหารเท่านั้น", "applies to food products only")
        case .detailsWithoutName(let nameField):
            language.pick("กรอกรายละเอียดแล้วแต่ไม่มี \(nameField)", "details are filled but \(nameField) is missing")
        case .differsFromRow(let row):
            language.pick("ไม่ตรงกับแถว \(row) ของรายเดียวกัน", "differs from row \(row) of the same party")
        case .listedAgainDifferently(let row):
            language.pick("ชื่อนี้อยู่ในแถว \(row) แล้วแต่รายละเอียดต่างกัน", "this name is listed on row \(row) with other details")
        case .noPartyAbove:
            language.pick("แถวนี้มีแต่ข้อมูลผลิตภัณฑ์หรือผู้ติดต่อ แต่ไม่มีแถวของวิสาหกิจหรือหน่วยงานอยู่ด้านบน",
                          "this row has only product or contact cells, and no row of an enterprise or provider above it")
        case .repeatedColumnsDisagree(let headers, let values):
            language.pick("คอลัมน์ \(Self.quoted(headers)) หมายถึงข้อมูลเดียวกัน แต่แถวนี้ระบุต่างกัน: \(Self.quoted(values))",
                          "columns \(Self.quoted(headers)) mean the same field but hold different values in this row: \(Self.quoted(values))")
        case .tooManyCells(let found, let header):
            language.pick("แถวนี้มี \(found) ช่อง แต่หัวตารางมี \(header) คอลัมน์ (อาจมีจุลภาคเกิน)",
                          "this row has \(found) cells but the header has \(header) columns (a stray comma?)")
        case .tooFewCells(let found, let header):
            language.pick("แถวนี้มี \(found) ช่อง แต่หัวตารางมี \(header) คอลัมน์ (อาจมีเครื่องหมายคำพูด \" ที่เปิดแล้วไม่ปิด)",
                          "this row has \(found) cells but the header has \(header) columns (a quote \" opened and never closed?)")
        case .noAreaServed:
            language.pick("ต้องระบุจังหวัดที่ให้บริการ (จังหวัดที่ตั้งก่อน) หรือภูมิภาค",
                          "list the provinces served (home province first), or regions")
        case .needsProduct:
            language.pick("วิสาหกิจต้องมีผลิตภัณฑ์อย่างน้อยหนึ่งรายการ", "an enterprise needs at least one product")
        case .needsContact:
            language.pick("ต้องมีผู้ติดต่ออย่างน้อยหนึ่งคน", "at least one contact person is needed")
        case .ambiguous(let count):
            language.pick("มีข้อมูลชื่อนี้ลงทะเบียนไว้แล้ว \(count) รายการ จึงไม่ทราบว่าจะปรับปรุงรายการใด ให้แก้ไขผ่าน API",
                          "\(count) stored records have this name, so the one to update is unclear; change it through the API")
        case .partyRowFailed(let row):
            language.pick("ไม่ได้นำเข้า เพราะแถว \(row) ของรายเดียวกันมีปัญหา", "not imported because row \(row) of the same party has a problem")
        case .sameCouponAsRow(let row):
            language.pick("คูปองเดียวกับแถว \(row) (รหัสโครงการเดียวกัน หรือปี สถานประกอบการ ด้านบริการ และหน่วยให้บริการเดียวกัน) ให้ระบุรหัสโครงการหากเป็นคนละโครงการ",
                          "the same coupon as row \(row) (the same project code, or the same year, establishment, service areas and provider); give project codes if they differ")
        }
    }

    /// Texts in quotes, one after another: `'จังหวัด', 'province'`.
    private static func quoted(_ texts: [String]) -> String {
        texts.map { "'\($0)'" }.joined(separator: ", ")
    }
}

/// One problem of the report: the row the officer sees in the spreadsheet, the column as the file
/// names it, and what is wrong.
struct RowProblem: Sendable, Equatable {
    let row: Int
    /// The API field name of the column; `nil` for a problem of the whole row.
    let field: String?
    let issue: ImportIssue
}
