import Foundation
import Timestamps

/// The pattern every programme data file follows (docs/programme-data.md): a JSON object with a
/// `version` (a whole number the programme office raises with each change, logged at start), an
/// optional `revised` date and `about` text, and the file's own members; every entry checked field
/// by field, the first problem thrown naming the file, the entry and the field
/// (``ProgrammeFileError``); figures no source confirms listed under the entry's `unverified`. The
/// default of each file is bundled with Domain (`Resources/<name>`), so every service and image
/// carries it; a deployment replaces one with a file of the same name in `PROGRAMME_DATA_DIR`
/// (``ProgrammeData``). Adding a file: a type with `parse(_:file:)` built on ``root(_:file:members:)``
/// and ``DataEntryReader``, a member of ``ProgrammeData``, a section in docs/programme-data.md.
enum ProgrammeFile {
    /// The members every programme file may have besides its own.
    static let commonMembers = ["version", "revised", "about"]

    /// Parses `data` as a programme file's top-level object with `members` (besides the common
    /// ones); returns the object and its `version`.
    static func root(_ data: Data, file: String, members: [String]) throws(ProgrammeFileError) -> (fields: [String: CatalogueJSON], version: Int) {
        let value: CatalogueJSON
        do {
            value = try JSONDecoder().decode(CatalogueJSON.self, from: data)
        } catch {
            throw ProgrammeFileError(file: file, problem: "is not valid JSON (\(error))")
        }
        guard case .object(let top) = value else {
            throw ProgrammeFileError(file: file, problem: "must be a JSON object with " + (["version"] + members).joined(separator: ", "))
        }
        let reader = reader(file: file, entry: nil)
        try reader.onlyKnown(top, commonMembers + members, of: "the file")
        let version = try reader.int(top["version"], "version", in: 1...1_000_000)
        if let revised = top["revised"] {
            guard case .string(let text) = revised, CivilDate(text) != nil else {
                throw ProgrammeFileError(file: file, field: "revised", problem: "must be a date YYYY-MM-DD, found \(revised.kind)")
            }
        }
        _ = try reader.optionalText(top["about"], "about")
        return (top, version)
    }

    /// The reader of one entry (`nil`: the file's top level), its errors naming the file and the entry.
    static func reader(file: String, entry: String?) -> DataEntryReader<ProgrammeFileError> {
        DataEntryReader { field, problem in ProgrammeFileError(file: file, entry: entry, field: field, problem: problem) }
    }

    /// The entry's `unverified` list: names of its fields no source confirms, each one of `fields`.
    static func unverified(_ entry: [String: CatalogueJSON], _ reader: DataEntryReader<ProgrammeFileError>,
                           fields: [String]) throws(ProgrammeFileError) -> [String] {
        guard let value = entry["unverified"] else { return [] }
        let names = try reader.texts(value, "unverified")
        for (index, name) in names.enumerated() where !fields.contains(name) {
            throw reader.error("unverified[\(index)]", "'\(name)' is not a field that can be unverified; fields: \(fields.joined(separator: ", "))")
        }
        return names
    }

    /// The bundled default `Resources/<name>` of Domain.
    static func bundled(_ name: String) throws(ProgrammeFileError) -> Data {
        let url = URL(fileURLWithPath: name)
        guard let bundled = Bundle.module.url(forResource: url.deletingPathExtension().lastPathComponent, withExtension: url.pathExtension),
              let data = try? Data(contentsOf: bundled)
        else {
            throw ProgrammeFileError(file: name, problem: "is missing from the Domain resource bundle")
        }
        return data
    }
}
