/// Why a programme data file was refused: the file, the entry (`region 'north'`,
/// `serviceArea 'packagingDesign'`) and the field at fault, so whoever edits it knows what to fix.
/// A service stops at start with it (status 78).
public struct ProgrammeFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// The entry inside the file, as the file names it (`region 'north'`), when the problem is inside one.
    public let entry: String?
    /// The field at fault (`provinces[3]`).
    public let field: String?
    public let problem: String

    public init(file: String, entry: String? = nil, field: String? = nil, problem: String) {
        self.file = file
        self.entry = entry
        self.field = field
        self.problem = problem
    }

    public var description: String {
        var place = file
        if let entry { place += ": \(entry)" }
        if let field { place += entry == nil ? ": field '\(field)'" : ", field '\(field)'" }
        return "\(place): \(problem)"
    }
}
