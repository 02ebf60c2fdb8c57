/// Every event type the system publishes, for documentation, example checks and `otopctl tail`.
public enum EventCatalogue {
    public static let payloadTypes: [any EventPayload.Type] = [
        EnterpriseRegistered.self,
        ProviderRegistered.self,
        ContactsUpserted.self,
        RequestSubmitted.self,
        MatchProposed.self,
        MatchUnavailable.self,
        CertificationPlanned.self,
        NotificationDelivered.self,
        NotificationFailed.self,
    ]

    /// The payload type registered for a CloudEvents `type`.
    public static func payloadType(for eventType: String) -> (any EventPayload.Type)? {
        payloadTypes.first { $0.eventType == eventType }
    }
}
