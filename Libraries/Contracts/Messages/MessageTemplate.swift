/// The messages notifications sends, and which of them the programme must send. The one list of
/// mandatory and optional messages: notifications routes by it (``isMandatory``), intake names
/// ``mandatory`` when it refuses to remove a contact person's last channel and writes both lists
/// into its OpenAPI document. The raw value is the template's name on the wire
/// (`notification.delivered.template`) and in the API.
///
/// Each has a file per language in notifications' `Resources/Templates/<th|en>/` with an e-mail
/// subject, a plain-text and an HTML part, a short SMS text and a LINE text.
///
/// **Mandatory** messages are the ones the programme must send (a party has to act on them, or they
/// change what the party may do, or they concern public money); a contact person cannot opt out of
/// them altogether: their last channel cannot be removed. **Optional** ones are courtesy updates that
/// a contact person may switch off (``ContactPerson/optionalMessages`` `false`).
public enum MessageTemplate: String, Sendable, CaseIterable, Codable {
    /// To the enterprise: the request was received, with its reference. Optional.
    case requestReceived = "request-received"
    /// To the enterprise: the screening found the request not eligible, and why.
    case requestNotEligible = "request-not-eligible"
    /// To the enterprise: nobody can take the request yet, and what happens next.
    case requestUnmatched = "request-unmatched"
    /// To the provider's coordinators: a request is proposed to them; accept or decline by a date.
    case proposalToProvider = "proposal-to-provider"
    /// To the enterprise: the proposed provider accepted; confirm to start.
    case proposalAccepted = "proposal-accepted"
    /// To the enterprise: the proposed provider declined; the next candidate is tried. Optional.
    case proposalDeclined = "proposal-declined"
    /// To the provider: its proposal expired unanswered and went to the next candidate.
    case proposalExpired = "proposal-expired"
    /// To the region's officers: a request waited past its response window (`match.expired`).
    case responseOverdue = "response-overdue"
    /// To the enterprise: the request (or its proposal or assignment) was withdrawn.
    case requestWithdrawn = "request-withdrawn"
    /// To the provider: the proposal or assignment it had was withdrawn.
    case workWithdrawn = "work-withdrawn"
    /// To the region's officers: an assignment was withdrawn and its coupon released.
    case assignmentReleased = "assignment-released"
    /// To the enterprise: the request is assigned to a provider, with the coupon.
    case assignedEnterprise = "assigned-enterprise"
    /// To the provider: the enterprise confirmed; the work is assigned to it.
    case assignedProvider = "assigned-provider"
    /// To the enterprise: the provider reported the work done; confirm and rate it (with a link).
    case workReported = "work-reported"
    /// To the enterprise and the provider: a certification step changed. Optional.
    case certificationStepChanged = "certification-step-changed"
    /// To the enterprise and the provider: the certificate was issued (number, validity).
    case certificateIssued = "certificate-issued"
    /// To the enterprise and the provider: an expiry or surveillance reminder (90/60/30/7 days).
    case certificationReminder = "certification-reminder"
    /// To the enterprise and the provider: the certificate expired.
    case certificateExpired = "certificate-expired"
    /// To the region's officers: a message could not be delivered for good.
    case deliveryFailedAlert = "delivery-failed-alert"
    /// To the region's officers: the week's figures.
    case officerDigest = "officer-digest"
    /// To one contact person, on the channel they chose at sign-in: their one-time sign-in code.
    case signInCode = "sign-in-code"

    /// Whether the programme must send it (see the type's documentation).
    public var isMandatory: Bool {
        switch self {
        case .requestReceived, .proposalDeclined, .certificationStepChanged: false
        default: true
        }
    }

    /// The messages a contact person cannot opt out of altogether, in declaration order.
    public static var mandatory: [MessageTemplate] { allCases.filter(\.isMandatory) }

    /// The courtesy messages a contact person may switch off, in declaration order.
    public static var optional: [MessageTemplate] { allCases.filter { !$0.isMandatory } }
}
