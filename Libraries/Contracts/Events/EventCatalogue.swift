/// Every event type the system publishes: the one list of them. A consumer refuses to register a type
/// that is not here (``payloadType(for:)``), and the tests hold every payload type declared in
/// Contracts, every example in docs/events and the table in docs/events.md to it (docs/events.md,
/// "Adding or changing an event").
public enum EventCatalogue {
    public static let payloadTypes: [any EventPayload.Type] = [
        EnterpriseRegistered.self,
        EnterpriseUpdated.self,
        ProviderRegistered.self,
        ContactsUpserted.self,
        RequestSubmitted.self,
        RequestWithdrawn.self,
        RequestScreened.self,
        ProposalResponded.self,
        ProposalConfirmed.self,
        WorkReported.self,
        CompletionConfirmed.self,
        WorkRated.self,
        ProposalWithdrawalOrdered.self,
        AssignmentWithdrawalOrdered.self,
        ManualAssignmentOrdered.self,
        BudgetSet.self,
        RoundRequested.self,
        MatchAwaitingScreening.self,
        MatchScreened.self,
        MatchProposed.self,
        MatchUnavailable.self,
        MatchAccepted.self,
        MatchDeclined.self,
        MatchExpired.self,
        MatchWithdrawn.self,
        MatchAssigned.self,
        MatchWorkReported.self,
        MatchCompleted.self,
        MatchRated.self,
        MatchCommandRefused.self,
        MatchWaitlisted.self,
        BudgetUpdated.self,
        BudgetSetRefused.self,
        RoundCompleted.self,
        CertificationStepReported.self,
        HeldCertificateRegistered.self,
        CertificationPlanned.self,
        CertificationStepChanged.self,
        CertificationReminderDue.self,
        CertificationReportRefused.self,
        NotificationDelivered.self,
        NotificationFailed.self,
        SignInCodeRequested.self,
    ]

    /// The payload type registered for a CloudEvents `type`.
    public static func payloadType(for eventType: String) -> (any EventPayload.Type)? {
        payloadTypes.first { $0.eventType == eventType }
    }

    /// What every CloudEvents `type` of ours starts with.
    public static let typePrefix = "th.otop."

    /// The name the docs use for an event type, and its example's file name without `.json`:
    /// `th.otop.request.submitted.v1` → `request.submitted.v1`.
    public static func documentedName(of eventType: String) -> String {
        eventType.hasPrefix(typePrefix) ? String(eventType.dropFirst(typePrefix.count)) : eventType
    }
}
