import Domain
import Foundation
import ServiceRuntime

/// The certification tracker's own settings (docs/configuration.md), read before the service
/// connects anywhere so that a bad catalogue stops it at once.
public struct CertificationConfiguration: Sendable {
    /// The standards, with configured overrides of unconfirmed facts.
    public var catalogue: StandardCatalogue
    /// The facts overridden by configuration (`tcps.validityMonths`), for the start-up log.
    public var overridden: [String]
    /// Reminder lead times in days, largest first.
    public var schedule: CertificationSchedule
    /// The hour (Bangkok time) at which a day's reminders and transitions fall due.
    public var scheduleHour: Int
    /// Certificates per scheduler transaction.
    public var scanBatchSize: Int
    /// Longest the scheduler sleeps without looking again (a safety net; NOTIFY and the next due
    /// instant are what wake it).
    public var maximumSleep: Duration
    /// `CERTIFICATION_TEST_CLOCK=database`: read "now" from a table (debug builds only).
    public var testClock: Bool

    public init(environment: EnvironmentReader = EnvironmentReader()) throws(ConfigurationError) {
        (catalogue, overridden) = try StandardCatalogue.configured(environment)
        schedule = try CertificationSchedule.configured(environment)
        scheduleHour = try environment.int("CERTIFICATION_SCHEDULE_HOUR", default: 7, in: 0...23)
        scanBatchSize = try environment.int("CERTIFICATION_SCAN_BATCH_SIZE", default: 500, in: 1...10_000)
        maximumSleep = .seconds(try environment.int("CERTIFICATION_SCHEDULER_MAX_SLEEP_SECONDS", default: 3600, in: 1...86_400))
        switch environment.optional("CERTIFICATION_TEST_CLOCK") {
        case nil:
            testClock = false
        case "database":
            #if DEBUG
            testClock = true
            #else
            throw ConfigurationError(variable: "CERTIFICATION_TEST_CLOCK", problem:
                "is for end-to-end tests of debug builds only; this is a release build: unset it")
            #endif
        case let other?:
            throw ConfigurationError(variable: "CERTIFICATION_TEST_CLOCK", problem: "may only be 'database' (debug builds), found '\(other)'")
        }
    }
}
