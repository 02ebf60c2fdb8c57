/// Why an instance file was refused: what is wrong, where (a JSON path such as
/// `edges[12].score` and the line and column), never a crash.
public struct InstanceFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of mistake the file contains.
    public enum Code: String, Sendable, Hashable {
        /// Not JSON (unexpected character, unterminated string, trailing text ...).
        case malformedJSON
        /// A required field (`id`, `region`, `maxLoad`, `coupons`, `request`, `provider`, `score`) is missing.
        case missingField
        /// A value has the wrong JSON type (e.g. a string where a number belongs).
        case wrongType
        /// A number that must be an integer has a fraction or an exponent.
        case notAnInteger
        /// An integer does not fit in 64 bits.
        case integerOutOfRange
        /// The JSON is well formed but the problem is not valid; `problemCode` says how.
        case invalidProblem
    }

    /// What kind of mistake.
    public var code: Code
    /// For `.invalidProblem`, the problem's own error code (unknown provider, negative capacity ...).
    public var problemCode: AllocationProblemError.Code?
    /// Where in the document, e.g. `edges[12].score`.
    public var path: String
    /// 1-based line of the offending value (0 when the error is not tied to one place).
    public var line: Int
    /// 1-based column of the offending value (0 when the error is not tied to one place).
    public var column: Int
    /// A sentence for a person.
    public var message: String

    public init(_ code: Code, problemCode: AllocationProblemError.Code? = nil, path: String, line: Int, column: Int, message: String) {
        self.code = code
        self.problemCode = problemCode
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(path) (line \(line), column \(column)): \(message)" : "\(path): \(message)"
    }
}
