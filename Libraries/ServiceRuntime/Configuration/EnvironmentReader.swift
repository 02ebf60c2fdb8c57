import Foundation

/// Reads typed settings from environment variables, with defaults, and fails with a
/// ``ConfigurationError`` naming the variable when a value is malformed. Secrets come only from here.
public struct EnvironmentReader: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// A required, non-empty string.
    public func required(_ name: String) throws(ConfigurationError) -> String {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            throw ConfigurationError(variable: name, problem: "is required but not set")
        }
        return value
    }

    /// A string, or `fallback` when unset or empty.
    public func string(_ name: String, default fallback: String) -> String {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return fallback }
        return value
    }

    /// An optional string (`nil` when unset or empty).
    public func optional(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// An integer within `range`, or `fallback` when unset.
    public func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = optional(name) else { return fallback }
        guard let value = Int(text) else {
            throw ConfigurationError(variable: name, problem: "must be an integer, found '\(text)'")
        }
        guard range.contains(value) else {
            throw ConfigurationError(variable: name, problem: "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
        }
        return value
    }

    /// A duration given in milliseconds, within `range` (ms), or `fallback` when unset.
    public func milliseconds(_ name: String, default fallback: Duration, in range: ClosedRange<Int>) throws(ConfigurationError) -> Duration {
        guard optional(name) != nil else { return fallback }
        return .milliseconds(try int(name, default: 0, in: range))
    }

    /// A boolean (`true/false/1/0/yes/no`), or `fallback` when unset.
    public func bool(_ name: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let text = optional(name)?.lowercased() else { return fallback }
        switch text {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ConfigurationError(variable: name, problem: "must be true or false, found '\(text)'")
        }
    }

    /// One of a fixed set of values.
    public func oneOf<T: RawRepresentable>(_ name: String, default fallback: T) throws(ConfigurationError) -> T
    where T.RawValue == String, T: CaseIterable {
        guard let text = optional(name) else { return fallback }
        guard let value = T(rawValue: text.lowercased()) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: name, problem: "must be one of \(allowed), found '\(text)'")
        }
        return value
    }
}
