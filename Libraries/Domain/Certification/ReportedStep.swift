import Timestamps

/// A step as an officer or the assigned provider reports it: the state the certificate reaches,
/// and with `certified` its number and validity dates; a reason with `rejected`, `suspended` and
/// `cancelled`.
public struct ReportedStep: Sendable, Hashable {
    public var step: CertificationState
    public var number: String?
    public var validFrom: CivilDate?
    public var validUntil: CivilDate?
    public var reason: String?

    public init(step: CertificationState, number: String? = nil, validFrom: CivilDate? = nil, validUntil: CivilDate? = nil,
                reason: String? = nil) {
        self.step = step
        self.number = number
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.reason = reason
    }

    /// Steps the tracker sets by itself (on the schedule, or when a request opens the record);
    /// nobody reports them.
    public static let trackerSteps: Set<CertificationState> = [.planned, .renewalDue, .expired]
}

/// Where a certificate stands: its state and, once granted, its number and validity.
public struct CertificateStanding: Sendable, Hashable {
    public var state: CertificationState
    public var number: String?
    public var validFrom: CivilDate?
    public var validUntil: CivilDate?

    public init(state: CertificationState, number: String? = nil, validFrom: CivilDate? = nil, validUntil: CivilDate? = nil) {
        self.state = state
        self.number = number
        self.validFrom = validFrom
        self.validUntil = validUntil
    }
}
