import Foundation

/// Where code reads the wall-clock time it decides by: a proposal's deadline, a certificate's due
/// day, the digest's send time, the time an event says it happened. The one clock abstraction of the
/// code base: production uses ``SystemClock``; unit tests move a `ManualClock` (TestSupport) by
/// hand; certification's end-to-end tests of debug builds read a table (its `DatabaseTestClock`).
///
/// `now()` may suspend and throw so that a clock can be read from the database; the system clock does
/// neither.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() async throws -> Date
}

/// The system's clock (`Date()`).
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Date { Date() }
}

extension WallClock where Self == SystemClock {
    /// The system's clock.
    public static var system: SystemClock { SystemClock() }
}
