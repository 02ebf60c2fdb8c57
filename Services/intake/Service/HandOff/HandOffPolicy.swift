import Foundation
import ServiceRuntime

/// How long the hand-off between an assigned provider and its enterprise lasts after the work is
/// done (`INTAKE_HANDOFF_DAYS_AFTER_COMPLETION`, docs/configuration.md): long enough to settle the
/// last questions and the certification steps that follow the work, short enough that the parties'
/// contact details do not stay open to each other for ever (PDPA: purpose-bound access).
public struct HandOffPolicy: Sendable, Equatable {
    /// The days after the enterprise confirmed completion during which the access lasts.
    public static let defaultDaysAfterCompletion = 90
    public var daysAfterCompletion: Int

    public init(daysAfterCompletion: Int = Self.defaultDaysAfterCompletion) {
        self.daysAfterCompletion = daysAfterCompletion
    }

    /// The policy in the environment (0–3650 days; 90 when unset).
    public static func from(_ environment: EnvironmentReader) throws(ConfigurationError) -> HandOffPolicy {
        HandOffPolicy(daysAfterCompletion: try environment.int("INTAKE_HANDOFF_DAYS_AFTER_COMPLETION",
                                                               default: defaultDaysAfterCompletion, in: 0...3650))
    }

    /// The earliest completion that still grants access at `now`: work completed at or before it ends it.
    func completionCutoff(now: Date) -> Date {
        now.addingTimeInterval(-Double(daysAfterCompletion) * 86_400)
    }
}
