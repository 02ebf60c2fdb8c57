import Foundation

/// How the programme names itself to the people it writes to, read from `programme.json`
/// (docs/programme-data.md): its full and short names in Thai and English, which every message's
/// signature carries, and the sender name on e-mails.
public struct ProgrammeIdentity: Sendable, Hashable {
    /// The file's `version`.
    public var version: Int
    /// The project's full name (`โครงการพัฒนาผู้ประกอบการและยกระดับสินค้าโอทอปด้วยวิทยาศาสตร์ ...`).
    public var nameTH: String
    public var nameEN: String
    /// The name people know it by (`คูปองวิทย์เพื่อโอทอป`).
    public var shortNameTH: String
    public var shortNameEN: String
    /// The display name of e-mails' `From` (`SMTP_FROM_NAME` overrides it).
    public var senderName: String
    /// Fields no source confirms.
    public var unverified: [String]

    public init(version: Int = 0, nameTH: String, nameEN: String, shortNameTH: String, shortNameEN: String, senderName: String,
                unverified: [String] = []) {
        self.version = version
        self.nameTH = nameTH
        self.nameEN = nameEN
        self.shortNameTH = shortNameTH
        self.shortNameEN = shortNameEN
        self.senderName = senderName
        self.unverified = unverified
    }

    /// The file's name, bundled and in `PROGRAMME_DATA_DIR`.
    public static let fileName = "programme.json"
    static let fields = ["nameTH", "nameEN", "shortNameTH", "shortNameEN", "senderName"]

    /// Reads a programme file: `{"version": n, "nameTH": ..., "nameEN": ..., "shortNameTH": ...,
    /// "shortNameEN": ..., "senderName": ..., "unverified": [...]}`.
    public static func parse(_ data: Data, file: String) throws(ProgrammeFileError) -> ProgrammeIdentity {
        let (top, version) = try ProgrammeFile.root(data, file: file, members: fields + ["unverified", "sources"])
        let reader = ProgrammeFile.reader(file: file, entry: nil)
        if let sources = top["sources"] { _ = try reader.texts(sources, "sources") }
        return ProgrammeIdentity(version: version, nameTH: try reader.text(top["nameTH"], "nameTH"),
                                 nameEN: try reader.text(top["nameEN"], "nameEN"),
                                 shortNameTH: try reader.text(top["shortNameTH"], "shortNameTH"),
                                 shortNameEN: try reader.text(top["shortNameEN"], "shortNameEN"),
                                 senderName: try reader.text(top["senderName"], "senderName"),
                                 unverified: try ProgrammeFile.unverified(top, reader, fields: fields))
    }

    /// The bundled `programme.json` (DomainTests check it; a broken bundle stops the process).
    public static let bundledDefault: ProgrammeIdentity = {
        do {
            return try parse(try ProgrammeFile.bundled(fileName), file: fileName)
        } catch {
            fatalError("Domain: \(error)")
        }
    }()
}
