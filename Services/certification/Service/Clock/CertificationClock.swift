import Domain
import Foundation
import Timestamps

/// Where the tracker reads the time: the system clock in production, an injected one in unit tests,
/// a table in end-to-end tests of debug builds (``DatabaseTestClock``). Everything the tracker
/// decides by date (reminders, renewal due, expiry, the start of tracking) goes through it.
public protocol CertificationClock: Sendable {
    func now() async throws -> Date
}

extension CertificationClock {
    /// The calendar date in Bangkok now.
    func today() async throws -> CivilDate {
        ThaiCalendar.civilDate(of: try await now())
    }
}

/// The system clock.
public struct SystemCertificationClock: CertificationClock {
    public init() {}

    public func now() async throws -> Date { Date() }
}
