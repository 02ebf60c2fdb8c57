import Contracts
import Domain
import Foundation
import Testing
@testable import NotificationsService

/// Every message links to the page of what it is about (issue 15: "every message's link opens the
/// page it is about"): each template's e-mail (text and HTML) and LINE parts carry a link into the
/// portal, and every link in any part names the message's subject (the proposal, the request, the
/// certificate, the failed message, the sign-in code, the digest's region), under `/my/` for
/// enterprises and providers and in the officers' console for officers.
@Suite("Message links: each template's link names its subject")
struct MessageLinkTests {
    static let base = "https://otop-sti.example"

    /// The id (or key) the link of `plan` must name.
    static func subject(_ plan: MessagePlan) -> String {
        func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }
        switch plan.facts {
        case .requestSubmitted(let event): return id(event.requestId)
        case .screened(let event): return id(event.requestId)
        case .unmatched(let event): return id(event.requestId)
        case .proposed(let event): return id(event.proposalId)
        case .accepted(let event): return id(event.proposalId)
        case .declined(let event): return id(event.requestId)
        case .expired(let event): return plan.template == .proposalExpired ? id(event.proposalId) : id(event.requestId)
        case .withdrawn(let event):
            return plan.template == .workWithdrawn && event.stage == .proposal ? id(event.proposalId!) : id(event.requestId)
        case .assigned(let event): return id(event.requestId)
        case .workReported(let event): return id(event.requestId)
        case .stepChanged(let event): return id(event.certificateId)
        case .reminder(let event): return id(event.certificateId)
        case .deliveryFailed(let facts): return id(facts.notificationId)
        case .digest(let digest): return "region=\(digest.region.rawValue)"
        case .signInCode(let event): return id(event.codeId)
        }
    }

    /// The portal links in `text` (the layout's link to the portal's home page aside).
    static func links(in text: String?) -> [String] {
        guard let text else { return [] }
        return text.matches(of: #/https:\/\/otop-sti\.example[^\s"<>]*/#).map { String(text[$0.range]) }
            .filter { $0 != base && $0 != base + "/" }
    }

    static let officerTemplates: Set<MessageTemplate> = [.responseOverdue, .assignmentReleased, .deliveryFailedAlert, .officerDigest]

    @Test("every template links to its subject's page, in every part that links, in both languages",
          arguments: try TemplateCoverageTests.examplePlans())
    func linkNamesSubject(_ plan: MessagePlan) throws {
        for language in Language.allCases {
            let message = try Fixtures.renderer.render(plan.template, facts: plan.facts, context: try TemplateCoverageTests.context(for: plan),
                                                       language: language, parts: TemplatePart.allCases)
            let name = "\(plan.template.rawValue) (\(language.rawValue))"
            for (part, text) in [("text", message.text), ("html", message.html), ("line", message.line)] {
                #expect(!Self.links(in: text).isEmpty, "\(name): the \(part) part has no link")
            }
            let all = [message.text, message.html, message.sms, message.line].flatMap(Self.links(in:))
            for link in all {
                #expect(link.contains(Self.subject(plan)), "\(name): \(link) does not name \(Self.subject(plan))")
                let path = String(link.dropFirst(Self.base.count))
                if plan.template == .signInCode {
                    #expect(path.hasPrefix("/sign-in/"), "\(name): \(link)")
                } else if Self.officerTemplates.contains(plan.template) {
                    #expect(!path.hasPrefix("/my/"), "\(name): an officer's page, not \(link)")
                } else {
                    #expect(path.hasPrefix("/my/"), "\(name): an enterprise's or provider's page, not \(link)")
                }
            }
            #expect(Set(all).count == 1, "\(name): one page per message, found \(Set(all))")
        }
    }

    @Test("a trailing slash in the portal's address makes no double slash")
    func trailingSlash() throws {
        let plan = NotificationRules.plans(for: try EventExamples.data(SignInCodeRequested.self))[0]
        let links = PortalLinks(portalURL: "https://portal.example/")
        #expect(links.link(plan.template, plan.facts).hasPrefix("https://portal.example/sign-in/codes/"))
    }
}
