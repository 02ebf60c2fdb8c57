import Foundation
import Testing

/// Settings the test script exports (scripts/test.sh). A missing one fails the test with a hint:
/// these suites never skip.
enum TestEnvironment {
    static func require(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            Issue.record("\(name) is not set: run the tests with scripts/test.sh (it starts PostgreSQL, tansu and SMTP)")
            throw MissingEnvironment(name: name)
        }
        return value
    }

    struct MissingEnvironment: Error { let name: String }
}
