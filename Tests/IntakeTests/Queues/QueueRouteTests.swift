import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import TestSupport
import Testing
import Timestamps

/// `GET /v1/queues` (docs/console.md, A8): each count equals the total of the list its queue opens
/// with the returned thresholds, for the whole country and for an officer scoped to a region.
@Suite("Queues: the officers' work queues counted")
struct QueueRouteTests {
    /// Every queue holds one item in the north; some also one in the south.
    @Test("each count equals its list's total, nationally and for a scoped officer")
    func countsEqualLists() async throws {
        let today = Date()
        let clock = ManualClock.wholeSeconds(today.addingTimeInterval(-60 * 86_400))
        try await RouteFixture.with(clock: clock) { f in
            try await f.serve { client in
                let officer = try await f.token(.officer), north = try await f.token(.officer, region: .north)
                let day = { (n: Double) in clock.now().addingTimeInterval(n * 86_400) }
                var requests: [String: [(id: UUID, reference: String, enterprise: UUID)]] = [:]
                for province in ["TH-50", "TH-90"] {
                    let enterprise = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                                        Samples.enterprise(province: province)).id)
                    for _ in 0..<6 {
                        let submitted = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprise))
                        try #require(submitted.status == .accepted, "\(submitted.text)")
                        requests[province, default: []].append((try #require(submitted.id),
                                                                 try submitted.decode(SubmittedAnswer.self).reference, enterprise))
                    }
                }
                let provider = try #require(try await client.json(.post, "/v1/providers", token: officer,
                                                                  Samples.provider(provinces: ["TH-50"])).id)
                _ = try await client.json(.post, "/v1/providers", token: officer, Samples.provider(regions: ["south"]))
                let score = MatchScore(criteria: [MatchCriterion(criterion: "distance", weight: 2500, points: 2500, note: "")])
                for (province, items) in requests {
                    let all = province == "TH-50"
                    let (screening, overdue, waiting, reported, idle, busy) = (items[0], items[1], items[2], items[3], items[4], items[5])
                    try await f.deliver(MatchAwaitingScreening(requestId: screening.id, requestReference: screening.reference,
                                                               enterpriseId: screening.enterprise, provinceCode: province, since: day(1)),
                                        time: day(1))
                    try await f.deliver(MatchProposed(proposalId: UUID(), requestId: overdue.id, requestReference: overdue.reference,
                                                      enterpriseId: overdue.enterprise, providerId: provider, rank: 1, score: score,
                                                      candidatesConsidered: 1, candidatesEligible: 1, respondBy: day(4)), time: day(1))
                    try await f.deliver(MatchUnavailable(requestId: waiting.id, requestReference: waiting.reference,
                                                         enterpriseId: waiting.enterprise, reason: "noProviders", exclusions: [:],
                                                         candidatesConsidered: 0), time: day(1))
                    guard all else { continue }
                    for (item, reportedOn) in [(reported, 30.0), (idle, nil), (busy, 58.0)] {
                        try await f.deliver(MatchAssigned(assignmentId: UUID(), requestId: item.id, requestReference: item.reference,
                                                          enterpriseId: item.enterprise, providerId: provider, proposalId: nil, manual: true,
                                                          fiscalYear: 2570, region: .north,
                                                          coupon: CouponAmounts(valueBaht: 100_000, enterpriseShareBaht: 0, programmeShareBaht: 100_000),
                                                          assignedBy: Actor(role: .officer), assignedAt: day(2)), time: day(2))
                        if let reportedOn {
                            try await f.deliver(MatchWorkReported(requestId: item.id, requestReference: item.reference,
                                                                  enterpriseId: item.enterprise, providerId: provider, summary: "เสร็จแล้ว",
                                                                  standardApplied: nil, reportedAt: day(reportedOn)), time: day(reportedOn))
                        }
                    }
                    try await f.deliver(CertificationStepChanged(
                        certificateId: UUID(), enterpriseId: busy.enterprise, productId: nil, productName: "น้ำพริก", requestId: busy.id,
                        provinceCode: province, standard: .tcps, standardNameTH: "มผช.", standardNameEN: "TCPS", from: .labTesting,
                        to: .certified, number: "1", validFrom: ThaiCalendar.civilDate(of: today).adding(days: -900).description,
                        validUntil: ThaiCalendar.civilDate(of: today).adding(days: 60).description, nextSurveillanceDue: nil, reason: nil,
                        reportedBy: Actor(role: .officer), reportId: nil, changedAt: day(3)), time: day(3))
                    try await f.deliver(NotificationFailed(notificationId: UUID(), template: "proposal-to-provider", channel: .email,
                                                           recipientPartyId: provider, recipientPartyKind: .provider, requestId: overdue.id,
                                                           causeEventId: UUID(), reason: "550 mailbox unavailable", attempts: 1,
                                                           failedAt: day(2)), time: day(2))
                }
                clock.set(today)
                for (token, region, expected) in [(officer, nil as Region?, [2, 2, 2, 1, 1, 2, 1, 1]), (north, .north, [1, 1, 1, 1, 1, 1, 1, 1])] {
                    let answer = try await client.send(.get, "/v1/queues", token: token)
                    #expect(answer.status == .ok, "\(answer.text)")
                    let queues = try answer.decode(QueueCounts.self)
                    #expect(queues.region == region)
                    #expect(queues.thresholds == QueueThresholds())
                    let counts = queues.counts
                    #expect([counts.screening, counts.overdueProposals, counts.waiting, counts.unconfirmedWork, counts.idleAssignments,
                             counts.unqualifiedProviders, counts.expiringCertificates, counts.failedMessages] == expected,
                            "\(region?.rawValue ?? "all"): \(counts)")
                    let stamp = { (days: Int) in
                        RFC3339.string(from: queues.asOf.addingTimeInterval(-Double(days) * 86_400))
                            .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                    }
                    let expiring = ThaiCalendar.civilDate(of: queues.asOf).adding(days: queues.thresholds.expiringCertificateDays)
                    let lists: [(String, Int)] = [
                        ("/v1/requests?status=awaitingScreening", counts.screening),
                        ("/v1/proposals?overdue=true", counts.overdueProposals),
                        ("/v1/requests?status=unmatched,waitlisted", counts.waiting),
                        ("/v1/requests?status=workReported&statusBefore=\(stamp(queues.thresholds.unconfirmedWorkDays))", counts.unconfirmedWork),
                        ("/v1/requests?status=assigned&activityBefore=\(stamp(queues.thresholds.idleAssignmentDays))", counts.idleAssignments),
                        ("/v1/providers?qualified=false", counts.unqualifiedProviders),
                        ("/v1/certificates?expiringBy=\(expiring)", counts.expiringCertificates),
                        ("/v1/notification-failures?resolved=false", counts.failedMessages),
                        ("/v1/enterprises?verified=false", counts.unverifiedEnterprises),
                    ]
                    for (path, count) in lists {
                        let page = try await client.send(.get, path + "&limit=200", token: token)
                        #expect(page.status == .ok, "\(path): \(page.text)")
                        let items = (try JSONSerialization.jsonObject(with: Data(page.body)) as? [String: Any])?["items"] as? [Any]
                        #expect(items?.count == count, "\(region?.rawValue ?? "all") \(path)")
                    }
                }
                #expect(try await client.send(.get, "/v1/queues", token: try await f.token(.operator)).status == .forbidden)
            }
        }
    }
}
