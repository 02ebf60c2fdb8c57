import Contracts
import Domain
import Foundation

/// The contact-person columns both import files share: one contact person per row, and a party
/// with several contact persons has several rows.
enum ContactColumns {
    static let name = "contactName"
    static let role = "contactRole"
    static let phone = "contactPhone"
    static let email = "contactEmail"
    static let lineUserID = "contactLineUserId"
    static let language = "contactLanguage"
    static let channels = "contactChannels"

    static let all: [ImportColumn] = [
        ImportColumn(name, thai: ["ชื่อผู้ติดต่อ", "ผู้ติดต่อ", "ชื่อผู้ประสานงาน"], english: ["contact name", "contact"]),
        ImportColumn(role, thai: ["ตำแหน่งผู้ติดต่อ", "ตำแหน่ง"], english: ["contact role", "position"]),
        ImportColumn(phone, thai: ["โทรศัพท์", "เบอร์โทรศัพท์", "เบอร์โทร", "โทรศัพท์ผู้ติดต่อ"], english: ["phone", "telephone"]),
        ImportColumn(email, thai: ["อีเมล", "อีเมล์", "อีเมลผู้ติดต่อ"], english: ["email", "e-mail"]),
        ImportColumn(lineUserID, thai: ["ไลน์ไอดี", "ไลน์"], english: ["line user id", "lineUserId", "line id"]),
        ImportColumn(language, thai: ["ภาษา", "ภาษาที่ติดต่อ"], english: ["language"]),
        ImportColumn(channels, thai: ["ช่องทางติดต่อ", "ช่องทาง"], english: ["channels"]),
    ]

    static let fields = all.map(\.field)

    /// The row's contact person, by the API's rules for a contact; `nil` when the row has none
    /// (no contact cell filled) or it has problems (reported on `reader`).
    ///
    /// A blank channels cell means the first channel with an address, in the order e-mail, LINE,
    /// SMS (the API's default is e-mail, which a contact without an address would fail).
    static func read(_ reader: inout RowReader) -> ContactPerson? {
        guard reader.anyFilled(fields) else { return nil }
        let before = reader.problems.count
        guard reader.cell(Self.name) != nil else {
            reader.fail(Self.name, .detailsWithoutName(nameField: reader.layout.header[Self.name] ?? Self.name))
            return nil
        }
        let person = reader.text(Self.name, maxLength: 200)
        let role = reader.text(Self.role, maxLength: 100)
        let email = reader.email(Self.email)
        let phone = reader.phone(Self.phone)
        let line = reader.text(Self.lineUserID, maxLength: 64)
        let language = reader.value(Self.language, in: ImportVocabulary.languages) ?? "th"
        var channels = reader.list(Self.channels, in: ImportVocabulary.channels) ?? []
        let addressed: [(ContactChannel, String?)] = [(.email, email), (.line, line), (.sms, phone)]
        if reader.cell(Self.email) == nil && reader.cell(Self.phone) == nil && reader.cell(Self.lineUserID) == nil {
            reader.fail(Self.email, .contactAddress)
        }
        if reader.cell(Self.channels) == nil, let first = addressed.first(where: { $0.1 != nil }) {
            channels = [first.0]
        }
        // A bad address is reported already; a channel then only lacks an address that was never given.
        if reader.problems.count == before {
            for channel in channels where addressed.first(where: { $0.0 == channel })?.1 == nil {
                reader.fail(Self.channels, .channelWithoutAddress(channel))
            }
        }
        guard reader.problems.count == before, let person else { return nil }
        return ContactPerson(name: person, role: role, email: email, phone: phone, lineUserId: line,
                             language: language, channels: channels)
    }
}
