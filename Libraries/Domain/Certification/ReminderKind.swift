/// What a certification reminder is about.
public enum ReminderKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The certificate's validity ends soon (renewal must be filed before the standard's lead time).
    case expiry
    /// A surveillance audit by the issuer is due.
    case surveillance
}
