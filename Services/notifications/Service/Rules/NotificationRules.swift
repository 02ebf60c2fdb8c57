import Contracts
import Domain
import Foundation

/// From events to messages: which templates go to whom. Pure (no I/O): the handler resolves the
/// audiences and stores the messages. One function per event type the service reacts to.
///
/// | event | messages |
/// |---|---|
/// | `request.submitted` | enterprise: request received |
/// | `match.screened` (not eligible) | enterprise: not eligible, with the reason |
/// | `match.unmatched` | enterprise: no provider yet |
/// | `match.proposed` | provider: proposal, answer by a date |
/// | `match.accepted` | enterprise: accepted, confirm |
/// | `match.declined` | enterprise: declined, next candidate |
/// | `match.expired` | provider: proposal expired; the region's officers: response window passed |
/// | `match.withdrawn` | enterprise; the provider that had it; the officers when an assignment's coupon is released |
/// | `match.assigned` | enterprise and provider |
/// | `match.work-reported` | enterprise: confirm and rate (link) |
/// | `certification.step-changed` | enterprise and the request's provider: issued, expired, or another step |
/// | `certification.reminder-due` | enterprise and the request's provider |
/// | `signin.code-requested` | the one contact person who asked, on the channel they chose: the code |
enum NotificationRules {
    static func plans(for event: RequestSubmitted) -> [MessagePlan] {
        [MessagePlan(template: .requestReceived, audience: .party(event.enterpriseId, .enterprise), requestID: event.requestId,
                     facts: .requestSubmitted(event))]
    }

    static func plans(for event: MatchScreened) -> [MessagePlan] {
        guard !event.eligible else { return [] }
        return [MessagePlan(template: .requestNotEligible, audience: .party(event.enterpriseId, .enterprise),
                            requestID: event.requestId, facts: .screened(event))]
    }

    static func plans(for event: MatchUnavailable) -> [MessagePlan] {
        [MessagePlan(template: .requestUnmatched, audience: .party(event.enterpriseId, .enterprise), requestID: event.requestId,
                     facts: .unmatched(event))]
    }

    static func plans(for event: MatchProposed) -> [MessagePlan] {
        [MessagePlan(template: .proposalToProvider, audience: .party(event.providerId, .provider), requestID: event.requestId,
                     facts: .proposed(event))]
    }

    static func plans(for event: MatchAccepted) -> [MessagePlan] {
        [MessagePlan(template: .proposalAccepted, audience: .party(event.enterpriseId, .enterprise), requestID: event.requestId,
                     facts: .accepted(event))]
    }

    static func plans(for event: MatchDeclined) -> [MessagePlan] {
        [MessagePlan(template: .proposalDeclined, audience: .party(event.enterpriseId, .enterprise), requestID: event.requestId,
                     facts: .declined(event))]
    }

    static func plans(for event: MatchExpired) -> [MessagePlan] {
        [MessagePlan(template: .proposalExpired, audience: .party(event.providerId, .provider), requestID: event.requestId,
                     facts: .expired(event)),
         MessagePlan(template: .responseOverdue, audience: .officersOfRequest(event.requestId), requestID: event.requestId,
                     facts: .expired(event))]
    }

    static func plans(for event: MatchWithdrawn) -> [MessagePlan] {
        var plans = [MessagePlan(template: .requestWithdrawn, audience: .party(event.enterpriseId, .enterprise),
                                 requestID: event.requestId, facts: .withdrawn(event))]
        if let provider = event.providerId {
            plans.append(MessagePlan(template: .workWithdrawn, audience: .party(provider, .provider), requestID: event.requestId,
                                     facts: .withdrawn(event)))
        }
        if event.stage == .assignment {
            plans.append(MessagePlan(template: .assignmentReleased, audience: .officersOfRequest(event.requestId),
                                     requestID: event.requestId, facts: .withdrawn(event)))
        }
        return plans
    }

    static func plans(for event: MatchAssigned) -> [MessagePlan] {
        [MessagePlan(template: .assignedEnterprise, audience: .party(event.enterpriseId, .enterprise), requestID: event.requestId,
                     facts: .assigned(event)),
         MessagePlan(template: .assignedProvider, audience: .party(event.providerId, .provider), requestID: event.requestId,
                     facts: .assigned(event))]
    }

    static func plans(for event: MatchWorkReported) -> [MessagePlan] {
        [MessagePlan(template: .workReported, audience: .party(event.enterpriseId, .enterprise), requestID: event.requestId,
                     facts: .workReported(event))]
    }

    static func plans(for event: CertificationStepChanged) -> [MessagePlan] {
        let template: MessageTemplate = switch event.to {
        case .certified where event.number != nil: .certificateIssued
        case .expired: .certificateExpired
        default: .certificationStepChanged
        }
        return certificatePlans(template, enterprise: event.enterpriseId, request: event.requestId, facts: .stepChanged(event))
    }

    static func plans(for event: CertificationReminderDue) -> [MessagePlan] {
        certificatePlans(.certificationReminder, enterprise: event.enterpriseId, request: event.requestId, facts: .reminder(event))
    }

    static func plans(for event: SignInCodeRequested) -> [MessagePlan] {
        [MessagePlan(template: .signInCode, audience: .party(event.partyId, event.partyKind), requestID: nil,
                     facts: .signInCode(event))]
    }

    /// A certificate's message goes to the enterprise and, when the certificate came from a request,
    /// to the provider assigned to that request.
    private static func certificatePlans(_ template: MessageTemplate, enterprise: UUID, request: UUID?,
                                         facts: MessageFacts) -> [MessagePlan] {
        var plans = [MessagePlan(template: template, audience: .party(enterprise, .enterprise), requestID: nil, facts: facts)]
        if let request {
            plans.append(MessagePlan(template: template, audience: .providerOfRequest(request), requestID: nil, facts: facts))
        }
        return plans
    }
}
