import Contracts
import Domain
import Foundation

/// The portal page each message is about: every template's `{{link}}` (docs/console.md, "Message
/// links"). Enterprises' and providers' pages are under `/my/`, officers' pages are the officer
/// console's; the portal asks the person to sign in first when needed and refuses a page of
/// another party. Every link names its subject's id: the proposal, the request, the certificate,
/// the failed message, the sign-in code, or the digest's region.
struct PortalLinks: Sendable {
    /// `NOTIFICATIONS_PORTAL_URL` without a trailing `/`.
    let base: String

    init(portalURL: String) {
        base = portalURL.hasSuffix("/") ? String(portalURL.dropLast()) : portalURL
    }

    /// The page `template` with `facts` is about.
    func link(_ template: MessageTemplate, _ facts: MessageFacts) -> String {
        base + path(template, facts)
    }

    func path(_ template: MessageTemplate, _ facts: MessageFacts) -> String {
        func id(_ uuid: UUID) -> String { uuid.lowercased }
        func myRequest(_ request: UUID) -> String { "/my/requests/\(id(request))" }
        switch facts {
        case .requestSubmitted(let event): return myRequest(event.requestId)
        case .screened(let event): return myRequest(event.requestId)
        case .unmatched(let event): return myRequest(event.requestId)
        case .proposed(let event): return "/my/proposals/\(id(event.proposalId))"
        case .accepted(let event): return "/my/proposals/\(id(event.proposalId))"
        case .declined(let event): return myRequest(event.requestId)
        case .expired(let event):
            // The provider's lapsed proposal; the officers' overdue request.
            return template == .responseOverdue ? "/requests/\(id(event.requestId))" : "/my/proposals/\(id(event.proposalId))"
        case .withdrawn(let event):
            switch template {
            case .assignmentReleased: return "/requests/\(id(event.requestId))"
            case .workWithdrawn:
                if event.stage == .proposal, let proposal = event.proposalId { return "/my/proposals/\(id(proposal))" }
                return "/my/work/\(id(event.requestId))"
            default: return myRequest(event.requestId)
            }
        case .assigned(let event):
            return template == .assignedProvider ? "/my/work/\(id(event.requestId))" : myRequest(event.requestId)
        case .workReported(let event): return myRequest(event.requestId) + "/completion"
        case .stepChanged(let event): return "/my/certificates/\(id(event.certificateId))"
        case .reminder(let event): return "/my/certificates/\(id(event.certificateId))"
        case .deliveryFailed(let facts): return "/queues/failed?notificationId=\(id(facts.notificationId))"
        case .digest(let digest): return "/dashboard?region=\(digest.region.rawValue)"
        case .signInCode(let event): return "/sign-in/codes/\(id(event.codeId))"
        }
    }
}
