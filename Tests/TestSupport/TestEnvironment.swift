import Domain
import Foundation

/// The settings `scripts/test.sh` exports (through `eval "$(scripts/infra.sh env)"`): `DATABASE_URL`,
/// `KAFKA_BROKERS`, `SMTP_HOST`, `OTOP_PG_BIN` ... The one place a test reads them. A missing one
/// fails the test with ``Missing`` saying how to run it: the integration suites never skip.
public enum TestEnvironment {
    /// A setting the test needs is not set.
    public struct Missing: Error, CustomStringConvertible {
        public let variable: String

        public init(variable: String) {
            self.variable = variable
        }

        public var description: String {
            "\(variable) is not set: run the tests with scripts/test.sh (it starts PostgreSQL, tansu and SMTP), "
                + "or `eval \"$(scripts/infra.sh env)\"` after `scripts/infra.sh start`"
        }
    }

    /// The value of `name`; throws ``Missing`` when it is unset or empty.
    public static func require(_ name: String) throws -> String {
        guard let value = optional(name) else { throw Missing(variable: name) }
        return value
    }

    /// The value of `name`, or nil when it is unset or empty (a setting with a fallback).
    public static func optional(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// `DATABASE_URL`: the local PostgreSQL server.
    public static func databaseURL() throws -> String { try require("DATABASE_URL") }

    /// `KAFKA_BROKERS`: the shared local broker.
    public static func kafkaBrokers() throws -> String { try require("KAFKA_BROKERS") }
}

/// `prefix` and eight random hex digits: a name of a test's own (database, schema, topic, group).
public func uniqueName(_ prefix: String, separator: String = "_") -> String {
    "\(prefix)\(separator)\(UUID().lowercased.prefix(8))"
}
