import Messaging

/// What a probe makes of one component at one moment.
public struct ComponentHealth: Sendable, Equatable {
    /// Why the component is not ready (nil: it is).
    public var notReady: String?
    /// Since when the component has been unable to make progress (nil: it is not stuck), and what it
    /// is stuck on. ``HealthRegistry`` turns this into "not live" once it lasted
    /// ``HealthPolicy/stuckAfter`` while every dependency was reachable.
    public var stuck: Stuck?

    /// A component that cannot make progress.
    public struct Stuck: Sendable, Equatable {
        /// When it last made progress.
        public var since: ContinuousClock.Instant
        /// What it is waiting for, e.g. `12 outbox rows waiting`.
        public var what: String

        public init(since: ContinuousClock.Instant, what: String) {
            self.since = since
            self.what = what
        }
    }

    /// Healthy.
    public static let healthy = ComponentHealth(notReady: nil, stuck: nil)

    public init(notReady: String?, stuck: Stuck?) {
        self.notReady = notReady
        self.stuck = stuck
    }
}

/// A part of a service that reports its own health (outbox relay, inbox consumer, producer): a name
/// for the probes' answer and how to judge it now.
public struct HealthComponent: Sendable {
    /// The key in the probes' `checks` object, e.g. `outbox-relay`, `consumer intake.timeline`.
    public let name: String
    /// Judges the component's latest report at `now` under the policy. Reads memory only.
    public let evaluate: @Sendable (_ now: ContinuousClock.Instant, _ policy: HealthPolicy) -> ComponentHealth

    public init(name: String,
                evaluate: @escaping @Sendable (_ now: ContinuousClock.Instant, _ policy: HealthPolicy) -> ComponentHealth) {
        self.name = name
        self.evaluate = evaluate
    }
}

extension Duration {
    /// Whole seconds, for probe messages (`34 s`).
    var roundedSeconds: String { "\(Int(seconds.rounded())) s" }
}
