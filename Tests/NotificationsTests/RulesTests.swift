import Contracts
import Domain
import Foundation
import Testing
@testable import NotificationsService

/// One test per rule: which templates an event asks for, for whom.
@Suite("Rules: from events to messages")
struct RulesTests {
    private func summary(_ plans: [MessagePlan]) -> [String] {
        plans.map { plan in
            let audience = switch plan.audience {
            case .party(let id, let kind): "\(kind.rawValue):\(id.lowercased.prefix(8))"
            case .officers(let region): "officers:\(region.rawValue)"
            case .officersOfRequest: "officers-of-request"
            case .providerOfRequest: "provider-of-request"
            }
            return "\(plan.template.rawValue)→\(audience)"
        }
    }

    @Test("request received → the enterprise")
    func requestReceived() throws {
        let event = try EventExamples.data(RequestSubmitted.self)
        #expect(summary(NotificationRules.plans(for: event)) == ["request-received→enterprise:8f6d2a10"])
        #expect(NotificationRules.plans(for: event).first?.requestID == event.requestId)
    }

    @Test("screened not eligible → the enterprise; screened eligible → nothing")
    func screened() throws {
        var event = try EventExamples.data(MatchScreened.self)
        #expect(event.eligible)
        #expect(NotificationRules.plans(for: event).isEmpty)
        event.eligible = false
        #expect(summary(NotificationRules.plans(for: event)) == ["request-not-eligible→enterprise:8f6d2a10"])
    }

    @Test("unmatched → the enterprise")
    func unmatched() throws {
        #expect(summary(NotificationRules.plans(for: try EventExamples.data(MatchUnavailable.self)))
            == ["request-unmatched→enterprise:a1b2c3d4"])
    }

    @Test("proposal → the provider's coordinators")
    func proposal() throws {
        #expect(summary(NotificationRules.plans(for: try EventExamples.data(MatchProposed.self)))
            == ["proposal-to-provider→provider:c3a1e9f0"])
    }

    @Test("accepted → the enterprise (to confirm); declined → the enterprise (next candidate)")
    func acceptedDeclined() throws {
        #expect(summary(NotificationRules.plans(for: try EventExamples.data(MatchAccepted.self)))
            == ["proposal-accepted→enterprise:8f6d2a10"])
        let declined = try EventExamples.data(MatchDeclined.self)
        #expect(summary(NotificationRules.plans(for: declined)) == ["proposal-declined→enterprise:8f6d2a10"])
    }

    @Test("expired → the provider that let it expire, and the region's officers (waited past its response window)")
    func expired() throws {
        let event = try EventExamples.data(MatchExpired.self)
        let plans = NotificationRules.plans(for: event)
        #expect(summary(plans).first?.hasPrefix("proposal-expired→provider:") == true)
        #expect(plans.last?.template == .responseOverdue)
        #expect(plans.last?.audience == .officersOfRequest(event.requestId))
    }

    @Test("withdrawn → the enterprise; the provider that had it; the officers when an assignment's coupon is released")
    func withdrawn() throws {
        var event = try EventExamples.data(MatchWithdrawn.self)
        #expect(event.stage == .assignment)
        #expect(summary(NotificationRules.plans(for: event))
            == ["request-withdrawn→enterprise:8f6d2a10", "work-withdrawn→provider:c3a1e9f0", "assignment-released→officers-of-request"])
        event.stage = .request
        event.providerId = nil
        #expect(summary(NotificationRules.plans(for: event)) == ["request-withdrawn→enterprise:8f6d2a10"])
        event.stage = .proposal
        event.providerId = UUID()
        #expect(NotificationRules.plans(for: event).map(\.template) == [.requestWithdrawn, .workWithdrawn])
    }

    @Test("assigned → the enterprise and the provider")
    func assigned() throws {
        #expect(summary(NotificationRules.plans(for: try EventExamples.data(MatchAssigned.self)))
            == ["assigned-enterprise→enterprise:8f6d2a10", "assigned-provider→provider:c3a1e9f0"])
    }

    @Test("work completed (work-reported) → the enterprise, with the link to its request's completion page")
    func workReported() throws {
        let event = try EventExamples.data(MatchWorkReported.self)
        let plans = NotificationRules.plans(for: event)
        #expect(summary(plans) == ["work-reported→enterprise:8f6d2a10"])
        let values = Fixtures.renderer.values(plans[0].template, facts: plans[0].facts,
                                              context: MessageContext(recipientName: "x", request: nil, providerName: "y"),
                                              language: .th)
        #expect(values["link"] as? String == "https://otop-sti.example/my/requests/\(event.requestId.lowercased)/completion")
    }

    @Test("certificate issued, another step, expired → the enterprise and the provider of the certificate's request")
    func certificationSteps() throws {
        var event = try EventExamples.data(CertificationStepChanged.self)
        let issued = NotificationRules.plans(for: event)
        #expect(summary(issued) == ["certificate-issued→enterprise:8f6d2a10", "certificate-issued→provider-of-request"])
        #expect(issued.last?.audience == .providerOfRequest(event.requestId!))
        event.to = .siteInspection
        event.number = nil
        #expect(NotificationRules.plans(for: event).map(\.template) == [.certificationStepChanged, .certificationStepChanged])
        event.to = .expired
        #expect(NotificationRules.plans(for: event).map(\.template) == [.certificateExpired, .certificateExpired])
        event.requestId = nil
        #expect(summary(NotificationRules.plans(for: event)) == ["certificate-expired→enterprise:8f6d2a10"],
                "a certificate held before the programme has no request and so no provider")
    }

    @Test("each expiry reminder → the enterprise and the provider")
    func reminders() throws {
        var event = try EventExamples.data(CertificationReminderDue.self)
        for days in [90, 60, 30, 7] {
            event.daysBefore = days
            #expect(summary(NotificationRules.plans(for: event))
                == ["certification-reminder→enterprise:8f6d2a10", "certification-reminder→provider-of-request"])
        }
    }
}
