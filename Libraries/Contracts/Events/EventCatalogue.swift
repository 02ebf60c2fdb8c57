/// Every event type the system publishes, for documentation, example checks and `otopctl tail`.
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
}
