/// A configuration value that is missing or malformed, named by its environment variable so the
/// operator knows what to fix. Services print it and exit with status 78 (EX_CONFIG).
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The environment variable at fault.
    public let variable: String
    public let problem: String

    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "configuration error: \(variable) \(problem)" }
}
