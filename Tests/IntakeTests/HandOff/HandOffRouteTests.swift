import Contracts
import Domain
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import IntakeService
import Postgres
import ServiceRuntime
import TestSupport
import Testing

/// The hand-off between an assigned provider and its enterprise (docs/api.md "The hand-off"): every
/// role × journey state of the matrix on the five routes it opens, the views the other party gets
/// (contacts unmasked but without LINE ids, the registration number masked, the timeline from the
/// assignment on), and an access-log entry for exactly the reads of another party's data.
@Suite("Intake: the hand-off between an assigned provider and its enterprise")
struct HandOffRouteTests {
    /// Where a request's journey stands (every journey began with provider F assigned and withdrawn).
    enum State: String, CaseIterable, Sendable {
        case proposed, accepted, assigned, workReported
        /// Completed 89 days ago (the hand-off lasts 90).
        case completedRecently
        /// Completed 91 days ago.
        case completedLongAgo
        /// The request withdrawn while assigned.
        case withdrawn
    }

    /// Who reads: the request's enterprise, the provider of the state (proposed to, accepted,
    /// assigned), a provider never involved, provider F (assigned once, withdrawn by an officer),
    /// officers of the request's region and of another, an operator.
    enum Caller: String, CaseIterable, Sendable {
        case enterprise, assigned, notAssigned, formerlyAssigned, regionOfficer, otherOfficer, `operator`
    }

    /// The five routes the hand-off opens.
    enum Route: String, CaseIterable, Sendable {
        case request, enterprise, enterpriseContacts, provider, providerContacts
    }

    /// `state route | status per caller` (callers in ``Caller`` order); the route reads the state's
    /// request, its enterprise (and its contact persons), its provider (and its contact persons).
    static let matrix = """
        proposed           request            | 200 404 404 404 200 404 200
        proposed           enterprise         | 200 404 404 404 200 404 200
        proposed           enterpriseContacts | 200 404 404 404 200 404 200
        proposed           provider           | 404 200 404 404 200 404 200
        proposed           providerContacts   | 404 200 404 404 200 404 200
        accepted           request            | 200 404 404 404 200 404 200
        accepted           enterprise         | 200 404 404 404 200 404 200
        accepted           enterpriseContacts | 200 404 404 404 200 404 200
        accepted           provider           | 200 200 404 404 200 404 200
        accepted           providerContacts   | 404 200 404 404 200 404 200
        assigned           request            | 200 200 404 404 200 404 200
        assigned           enterprise         | 200 200 404 404 200 404 200
        assigned           enterpriseContacts | 200 200 404 404 200 404 200
        assigned           provider           | 200 200 404 404 200 404 200
        assigned           providerContacts   | 200 200 404 404 200 404 200
        workReported       request            | 200 200 404 404 200 404 200
        workReported       enterprise         | 200 200 404 404 200 404 200
        workReported       enterpriseContacts | 200 200 404 404 200 404 200
        workReported       provider           | 200 200 404 404 200 404 200
        workReported       providerContacts   | 200 200 404 404 200 404 200
        completedRecently  request            | 200 200 404 404 200 404 200
        completedRecently  enterprise         | 200 200 404 404 200 404 200
        completedRecently  enterpriseContacts | 200 200 404 404 200 404 200
        completedRecently  provider           | 200 200 404 404 200 404 200
        completedRecently  providerContacts   | 200 200 404 404 200 404 200
        completedLongAgo   request            | 200 404 404 404 200 404 200
        completedLongAgo   enterprise         | 200 404 404 404 200 404 200
        completedLongAgo   enterpriseContacts | 200 404 404 404 200 404 200
        completedLongAgo   provider           | 404 200 404 404 200 404 200
        completedLongAgo   providerContacts   | 404 200 404 404 200 404 200
        withdrawn          request            | 200 404 404 404 200 404 200
        withdrawn          enterprise         | 200 404 404 404 200 404 200
        withdrawn          enterpriseContacts | 200 404 404 404 200 404 200
        withdrawn          provider           | 404 200 404 404 200 404 200
        withdrawn          providerContacts   | 404 200 404 404 200 404 200
        """

    /// One journey: its request, its parties and their clients.
    struct Journey: Sendable {
        var state: State
        var request: UUID
        var reference: String
        var enterprise: UUID
        var provider: UUID
        var former: UUID
        var tokens: [Caller: String]
    }

    /// The parties every journey shares, and the journeys.
    struct World: Sendable {
        var journeys: [State: Journey]
        /// The enterprise's contact persons as its own client reads them (phones and e-mails in full).
        var enterprisePhone: String
        var providerPhone: String
    }

    static let day: TimeInterval = 86_400
    static let lineUserID = "U4af4980629d3c1e5b3e7f0d1c2b3a4f5"

    /// Registers a party through the API as `officer`; its id.
    private static func register(_ client: RouteClient, _ path: String, officer: String, _ body: [String: Any]) async throws -> UUID {
        let answer = try await client.json(.post, path, token: officer, body)
        try #require(answer.status == .created, "\(path): \(answer.text)")
        return try #require(answer.id)
    }

    /// Parties in Chiang Mai (north) for each state, the journeys played as matching announces them
    /// (back-dated: the request submitted a year ago), and the shared callers.
    static func world(_ f: RouteFixture, now: Date) async throws -> World {
        let client = f.call
        let officer = try await f.token(.officer)
        let shared: [Caller: String] = [
            .notAssigned: try await f.token(.provider, provider: try await register(
                client, "/v1/providers", officer: officer, providerBody("คลินิกเทคโนโลยีที่ไม่เกี่ยวข้อง"))),
            .regionOfficer: try await f.token(.officer, region: .north),
            .otherOfficer: try await f.token(.officer, region: .south),
            .operator: try await f.token(.operator),
        ]
        var journeys: [State: Journey] = [:]
        for state in State.allCases {
            let enterprise = try await register(client, "/v1/enterprises", officer: officer, [
                "name": "วิสาหกิจ \(state.rawValue)", "kind": "communityEnterprise", "registrationNumber": Samples.registrationNumber(),
                "provinceCode": "TH-50", "district": "แม่ริม", "subdistrict": "ริมใต้",
                "products": [["name": "น้ำพริกหนุ่ม", "productType": "food"]],
                "contacts": [["name": "นางสมศรี ใจดี", "role": "ประธานกลุ่ม", "phone": "081-234-5678", "email": "somsri@example.org",
                              "lineUserId": lineUserID, "channels": ["sms", "email", "line"]]]])
            let provider = try await register(client, "/v1/providers", officer: officer, providerBody("คลินิกเทคโนโลยี \(state.rawValue)"))
            let former = try await register(client, "/v1/providers", officer: officer, providerBody("ผู้ให้บริการเดิม \(state.rawValue)"))
            let enterpriseToken = try await f.token(.enterprise, enterprise: enterprise)
            let submitted = try await client.json(.post, "/v1/requests", token: enterpriseToken, Samples.request())
            try #require(submitted.status == .accepted, "\(submitted.text)")
            let request = try #require(submitted.id)
            var tokens = shared
            tokens[.enterprise] = enterpriseToken
            tokens[.assigned] = try await f.token(.provider, provider: provider)
            tokens[.formerlyAssigned] = try await f.token(.provider, provider: former)
            let journey = Journey(state: state, request: request, reference: try submitted.decode(SubmittedAnswer.self).reference,
                                  enterprise: enterprise, provider: provider, former: former, tokens: tokens)
            try await play(journey, f, now: now)
            journeys[state] = journey
        }
        let anyJourney = journeys[.assigned]!
        let enterpriseContacts = try await client.send(.get, "/v1/contacts/\(anyJourney.enterprise.lowercased)",
                                                       token: anyJourney.tokens[.enterprise]!).decode(ContactsView.self)
        let providerContacts = try await client.send(.get, "/v1/contacts/\(anyJourney.provider.lowercased)",
                                                     token: anyJourney.tokens[.assigned]!).decode(ContactsView.self)
        return World(journeys: journeys, enterprisePhone: try #require(enterpriseContacts.contacts.first?.phone),
                     providerPhone: try #require(providerContacts.contacts.first?.phone))
    }

    static func providerBody(_ name: String) -> [String: Any] {
        ["name": name, "kind": "university", "serviceAreas": ["packagingDesign"], "productTypes": ["food"], "standards": [],
         "provinceCodes": ["TH-50"], "capacity": 5, "qualified": true,
         "contacts": [["name": "ดร.วิภาวี ศรีสุข", "phone": "053-942-000", "email": "coordinator@example.ac.th"]]]
    }

    /// The journey of `journey.state`, each event at its own time: F assigned and withdrawn by an
    /// officer (rematching), then the state's provider proposed, accepting, assigned, reporting,
    /// completing, or the request withdrawn.
    static func play(_ journey: Journey, _ f: RouteFixture, now: Date) async throws {
        let submittedAt = now - 365 * day
        try await f.pool.execute("""
            UPDATE intake.requests SET submitted_at = \(submittedAt), updated_at = \(submittedAt) WHERE id = \(journey.request)
            """)
        try await f.pool.execute("UPDATE intake.request_timeline SET occurred_at = \(submittedAt) WHERE request_id = \(journey.request)")
        let officer = Actor(role: .officer)
        let coupon = CouponAmounts(valueBaht: 100_000, enterpriseShareBaht: 10_000, programmeShareBaht: 90_000)
        func assigned(_ provider: UUID, proposal: UUID?, at: Date) -> MatchAssigned {
            MatchAssigned(assignmentId: UUID(), requestId: journey.request, requestReference: journey.reference,
                          enterpriseId: journey.enterprise, providerId: provider, proposalId: proposal, manual: proposal == nil,
                          fiscalYear: 2570, region: .north, coupon: coupon, assignedBy: officer, assignedAt: at)
        }
        func withdrawn(_ stage: WithdrawalStage, _ provider: UUID, status: RequestStatus, at: Date) -> MatchWithdrawn {
            MatchWithdrawn(requestId: journey.request, requestReference: journey.reference, enterpriseId: journey.enterprise,
                           stage: stage, proposalId: nil, providerId: provider, reason: "ทดสอบ", withdrawnBy: officer,
                           releasedCouponBaht: 0, rematching: stage == .assignment, withdrawnAt: at, requestStatus: status)
        }
        let formerAt = now - 300 * day, formerEnd = now - 290 * day
        try await f.deliver(assigned(journey.former, proposal: nil, at: formerAt), time: formerAt)
        try await f.deliver(withdrawn(.assignment, journey.former, status: .matching, at: formerEnd), time: formerEnd)
        let proposal = UUID(), proposedAt = now - 200 * day
        try await f.deliver(MatchProposed(
            proposalId: proposal, requestId: journey.request, requestReference: journey.reference, enterpriseId: journey.enterprise,
            providerId: journey.provider, rank: 1,
            score: MatchScore(criteria: [MatchCriterion(criterion: "distance", weight: 2500, points: 2500, note: "จังหวัดเดียวกัน")]),
            candidatesConsidered: 3, candidatesEligible: 2, respondBy: now + 10 * day), time: proposedAt)
        if journey.state == .proposed { return }
        let acceptedAt = now - 199 * day
        try await f.deliver(MatchAccepted(proposalId: proposal, requestId: journey.request, requestReference: journey.reference,
                                          enterpriseId: journey.enterprise, providerId: journey.provider, acceptedAt: acceptedAt),
                            time: acceptedAt)
        if journey.state == .accepted { return }
        let assignedAt = now - 198 * day
        try await f.deliver(assigned(journey.provider, proposal: proposal, at: assignedAt), time: assignedAt)
        switch journey.state {
        case .proposed, .accepted, .assigned:
            return
        case .withdrawn:
            let at = now - 100 * day
            try await f.deliver(withdrawn(.request, journey.provider, status: .withdrawn, at: at), time: at)
            return
        case .workReported, .completedRecently, .completedLongAgo:
            break
        }
        let reportedAt = now - 150 * day
        try await f.deliver(MatchWorkReported(requestId: journey.request, requestReference: journey.reference,
                                              enterpriseId: journey.enterprise, providerId: journey.provider,
                                              summary: "ออกแบบบรรจุภัณฑ์แล้ว", standardApplied: nil, reportedAt: reportedAt),
                            time: reportedAt)
        guard journey.state != .workReported else { return }
        let completedAt = now - (journey.state == .completedRecently ? 89 : 91) * day
        try await f.deliver(MatchCompleted(requestId: journey.request, requestReference: journey.reference,
                                           enterpriseId: journey.enterprise, providerId: journey.provider, fiscalYear: 2570,
                                           region: .north, spentCouponBaht: 90_000, completedAt: completedAt),
                            time: completedAt)
    }

    static func path(_ route: Route, _ journey: Journey) -> String {
        switch route {
        case .request: "/v1/requests/\(journey.request.lowercased)"
        case .enterprise: "/v1/enterprises/\(journey.enterprise.lowercased)"
        case .enterpriseContacts: "/v1/contacts/\(journey.enterprise.lowercased)"
        case .provider: "/v1/providers/\(journey.provider.lowercased)"
        case .providerContacts: "/v1/contacts/\(journey.provider.lowercased)"
        }
    }

    /// Whether a 200 of `route` to `caller` is a read of another party's personal data, which the
    /// access log records: the hand-off's reads, and officers reading contact persons.
    static func isRecorded(_ route: Route, by caller: Caller) -> Bool {
        switch (caller, route) {
        case (.assigned, .request), (.assigned, .enterprise), (.assigned, .enterpriseContacts): true
        case (.enterprise, .provider), (.enterprise, .providerContacts): true
        case (.regionOfficer, .enterpriseContacts), (.regionOfficer, .providerContacts): true
        default: false
        }
    }

    @Test("every role × state × route of the matrix answers as docs/api.md says, with the views and access-log entries it names")
    func matrixHolds() async throws {
        let now = Date()
        try await RouteFixture.with(clock: ManualClock(now)) { f in
            let world = try await Self.world(f, now: now)
            for line in Self.matrix.split(separator: "\n") {
                let halves = line.split(separator: "|")
                let left = halves[0].split(separator: " ")
                let state = try #require(State(rawValue: String(left[0]))), route = try #require(Route(rawValue: String(left[1])))
                let expected = halves[1].split(separator: " ").map { Int($0)! }
                let journey = try #require(world.journeys[state])
                var found: [Int] = []
                for caller in Caller.allCases {
                    // Each call's entries alone in the log (the fixture's clock stands still).
                    try await f.pool.execute("DELETE FROM intake.access_log")
                    let answer = try await f.call.send(.get, Self.path(route, journey), token: journey.tokens[caller]!)
                    found.append(Int(answer.status.code))
                    let added = try await f.count("SELECT count(*) AS n FROM intake.access_log")
                    let recorded = answer.status == .ok && Self.isRecorded(route, by: caller)
                    #expect(added == (recorded ? 1 : 0), "\(state) \(route) by \(caller): access-log entries added")
                    guard answer.status == .ok else { continue }
                    try await checkView(answer, route: route, caller: caller, journey: journey, world: world)
                    if recorded { try await checkEntry(f, route: route, caller: caller, journey: journey) }
                }
                #expect(found == expected, "\(state) \(route): callers \(Caller.allCases.map(\.rawValue))")
            }
        }
    }

    /// What the answer shows `caller`: the other party's contacts unmasked without LINE ids, the
    /// registration number masked, the provider's timeline from its assignment on; operators masked.
    func checkView(_ answer: RouteClient.Answer, route: Route, caller: Caller, journey: Journey, world: World) async throws {
        let label = "\(journey.state) \(route) by \(caller)"
        switch route {
        case .request:
            let view = try answer.decode(RequestView.self)
            #expect(view.id == journey.request && view.enterpriseId == journey.enterprise, "\(label)")
            let timeline = try #require(view.timeline, "\(label)")
            let namesFormer = timeline.contains { $0.summary["providerId"] == journey.former.lowercased }
            if caller == .assigned {
                #expect(!namesFormer, "\(label): what came before the assignment is not the provider's")
                #expect(timeline.first?.type == MatchAssigned.eventType, "\(label): the timeline starts at the assignment")
            } else {
                #expect(namesFormer, "\(label): the whole timeline")
            }
        case .enterprise:
            let view = try answer.decode(EnterpriseView.self)
            #expect(view.id == journey.enterprise && view.district == "แม่ริม" && view.products.count == 1, "\(label)")
            let number = try #require(view.registrationNumber, "\(label)")
            #expect(number.hasPrefix("*") == [.assigned, .operator].contains(caller), "\(label): registration number \(number)")
        case .enterpriseContacts, .providerContacts:
            let view = try answer.decode(ContactsView.self)
            let person = try #require(view.contacts.first, "\(label)")
            let phone = route == .enterpriseContacts ? world.enterprisePhone : world.providerPhone
            switch caller {
            case .operator:
                #expect(view.masked && person.phone != phone && person.phone?.contains("*") == true, "\(label)")
            case .assigned where route == .enterpriseContacts, .enterprise where route == .providerContacts:
                #expect(!view.masked && person.phone == phone && person.email?.contains("*") == false, "\(label)")
                #expect(person.name == (route == .enterpriseContacts ? "นางสมศรี ใจดี" : "ดร.วิภาวี ศรีสุข"), "\(label)")
                #expect(person.lineUserId == nil, "\(label): no LINE user id for the other party")
            default:
                #expect(!view.masked && person.phone == phone, "\(label)")
                if route == .enterpriseContacts { #expect(person.lineUserId == Self.lineUserID, "\(label): in full") }
            }
        case .provider:
            let view = try answer.decode(ProviderView.self)
            #expect(view.id == journey.provider, "\(label)")
        }
    }

    /// The entry the read added (alone in the log): who, whose data, which fields, the route, the request that allowed it.
    func checkEntry(_ f: RouteFixture, route: Route, caller: Caller, journey: Journey) async throws {
        let label = "\(journey.state) \(route) by \(caller)"
        let entry = try #require(try await f.pool.query("""
            SELECT id, read_at, route, reader_client_id, reader_role, reader_party_id, party_id, party_kind, fields, request_id,
                   regions, read_at::text AS position
            FROM intake.access_log
            """).first.map(AccessLogEntryView.init(row:)), "\(label)")
        #expect(entry.regions == [.north], "\(label)")
        switch caller {
        case .assigned:
            #expect(entry.readerRole == .provider && entry.readerPartyId == journey.provider, "\(label)")
            #expect(entry.partyId == journey.enterprise && entry.partyKind == .enterprise && entry.requestId == journey.request,
                    "\(label)")
        case .enterprise:
            #expect(entry.readerRole == .enterprise && entry.readerPartyId == journey.enterprise, "\(label)")
            #expect(entry.partyId == journey.provider && entry.partyKind == .provider && entry.requestId == journey.request,
                    "\(label)")
        default:
            #expect(entry.readerRole == .officer && entry.readerPartyId == nil && entry.requestId == nil, "\(label)")
        }
        let expectedFields: [AccessedField] = switch route {
        case .request: [.request]
        case .enterprise: [.name, .address, .products]
        case .provider: [.name, .profile]
        case .enterpriseContacts where caller == .regionOfficer: [.contactNames, .contactPhones, .contactEmails, .contactLineUserIds]
        case .enterpriseContacts, .providerContacts: [.contactNames, .contactPhones, .contactEmails]
        }
        #expect(entry.fields == expectedFields, "\(label)")
        let routes: [Route: String] = [.request: "GET /v1/requests/{id}", .enterprise: "GET /v1/enterprises/{id}",
                                       .enterpriseContacts: "GET /v1/contacts/{partyId}", .provider: "GET /v1/providers/{id}",
                                       .providerContacts: "GET /v1/contacts/{partyId}"]
        #expect(entry.route == routes[route], "\(label)")
    }

    @Test("the period after completion is configurable: with 30 days, work completed 31 days ago ends the access and 29 days ago keeps it")
    func configurablePeriod() async throws {
        let now = Date()
        try await RouteFixture.with(clock: ManualClock(now), handOff: HandOffPolicy(daysAfterCompletion: 30)) { f in
            let officer = try await f.token(.officer)
            var answers: [Int: HTTPResponse.Status] = [:]
            for daysAgo in [29, 31] {
                let enterprise = try await Self.register(f.call, "/v1/enterprises", officer: officer, Samples.enterprise(province: "TH-50"))
                let provider = try await Self.register(f.call, "/v1/providers", officer: officer, Self.providerBody("คลินิก \(daysAgo)"))
                let submitted = try await f.call.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprise))
                let request = try #require(submitted.id, "\(submitted.text)")
                let reference = try submitted.decode(SubmittedAnswer.self).reference
                let assignedAt = now - 60 * Self.day, completedAt = now - Double(daysAgo) * Self.day
                try await f.pool.execute("UPDATE intake.requests SET updated_at = \(assignedAt - Self.day) WHERE id = \(request)")
                try await f.deliver(MatchAssigned(
                    assignmentId: UUID(), requestId: request, requestReference: reference, enterpriseId: enterprise, providerId: provider,
                    proposalId: nil, manual: true, fiscalYear: 2570, region: .north,
                    coupon: CouponAmounts(valueBaht: 100_000, enterpriseShareBaht: 0, programmeShareBaht: 100_000),
                    assignedBy: Actor(role: .officer), assignedAt: assignedAt), time: assignedAt)
                try await f.deliver(MatchCompleted(requestId: request, requestReference: reference, enterpriseId: enterprise,
                                                   providerId: provider, fiscalYear: 2570, region: .north, spentCouponBaht: 100_000,
                                                   completedAt: completedAt), time: completedAt)
                let token = try await f.token(.provider, provider: provider)
                answers[daysAgo] = try await f.call.send(.get, "/v1/contacts/\(enterprise.lowercased)", token: token).status
            }
            #expect(answers == [29: .ok, 31: .notFound])
        }
    }

    @Test("HandOffPolicy reads INTAKE_HANDOFF_DAYS_AFTER_COMPLETION (90 when unset) and refuses a value out of 0–3650")
    func policyFromEnvironment() throws {
        #expect(try HandOffPolicy.from(EnvironmentReader([:])).daysAfterCompletion == 90)
        #expect(try HandOffPolicy.from(EnvironmentReader(["INTAKE_HANDOFF_DAYS_AFTER_COMPLETION": "30"])).daysAfterCompletion == 30)
        #expect(throws: ConfigurationError.self) {
            try HandOffPolicy.from(EnvironmentReader(["INTAKE_HANDOFF_DAYS_AFTER_COMPLETION": "-1"]))
        }
        #expect(throws: ConfigurationError.self) {
            try HandOffPolicy.from(EnvironmentReader(["INTAKE_HANDOFF_DAYS_AFTER_COMPLETION": "ninety"]))
        }
    }
}
