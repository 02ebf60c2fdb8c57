/// Why a catalogue file (or an override file) was refused: the file, the standard and the field at
/// fault, so whoever edits it knows what to fix. The certification service stops at start with it.
public struct StandardCatalogueError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// The standard's code as written in the file, when the problem is inside one.
    public let standard: String?
    /// The field at fault.
    public let field: String?
    public let problem: String

    public init(file: String, standard: String? = nil, field: String? = nil, problem: String) {
        self.file = file
        self.standard = standard
        self.field = field
        self.problem = problem
    }

    public var description: String {
        var place = file
        if let standard { place += ": standard '\(standard)'" }
        if let field { place += ", field '\(field)'" }
        return "\(place): \(problem)"
    }
}
