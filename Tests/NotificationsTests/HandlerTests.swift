import Contracts
import Domain
import Foundation
import Logging
import Postgres
import TestSupport
import Testing
@testable import NotificationsService

/// The handler's rules against the real PostgreSQL: which message rows an event leaves, per party
/// and channel, and that handling the same event twice leaves nothing more. Events go through the
/// handler's registered routes and the inbox processor, as the consumer applies them.
@Suite("Handler: events to message rows (real PostgreSQL)", .serialized)
struct HandlerTests {
    private func rows(_ database: NotificationsDatabase) async throws -> [String] {
        try await database.pool.query("""
            SELECT template, recipient_party_id, coalesce(channel, '-') AS channel, status FROM notifications.messages
            ORDER BY template, recipient_party_id, channel
            """).map { row in
            "\(try row.decode(String.self, column: "template"))/\(try row.decode(UUID.self, column: "recipient_party_id").lowercased.prefix(8))/\(try row.decode(String.self, column: "channel"))/\(try row.decode(String.self, column: "status"))"
        }
    }

    private func contacts(_ id: UUID, _ kind: PartyKind, _ name: String, region: Region? = nil,
                          channels: [ContactChannel]) -> ContactsUpserted {
        ContactsUpserted(partyId: id, partyKind: kind, partyName: name,
                         contacts: [Fixtures.person(channels: channels)], region: region)
    }

    @Test("A proposal for a provider with e-mail and LINE leaves one row per channel; the same event again adds nothing")
    func oneRowPerChannelOnce() async throws {
        try await NotificationsDatabase.with { database in
            let proposed = try EventExamples.load(MatchProposed.self)
            try await database.consume([
                .payload(contacts(proposed.data.providerId, .provider, "คลินิกเทคโนโลยี", channels: [.email, .line])),
                .event(proposed),
            ])
            // Under another inbox name the inbox does not know the event: the message rows' key alone keeps it once.
            try await database.consume([.event(proposed)], consumer: "notifications.redelivery")
            #expect(try await rows(database) == ["proposal-to-provider/c3a1e9f0/email/pending", "proposal-to-provider/c3a1e9f0/line/pending"])
        }
    }

    @Test("A recipient not known yet gets one unrouted row; a recipient who takes no channel for it, a skipped row")
    func unknownAndOptedOut() async throws {
        try await NotificationsDatabase.with { database in
            let submitted = try EventExamples.load(RequestSubmitted.self)
            try await database.consume([.event(submitted)])
            #expect(try await rows(database) == ["request-received/8f6d2a10/-/pending"])

            var other = try EventExamples.load(MatchUnavailable.self)
            other.data.enterpriseId = submitted.data.enterpriseId
            var quiet = contacts(submitted.data.enterpriseId, .enterprise, "กลุ่มแม่บ้าน", channels: [.email])
            quiet.contacts[0].email = nil
            try await database.consume([.payload(quiet), .event(other)])
            #expect(try await rows(database).contains("request-unmatched/8f6d2a10/-/skipped"))
        }
    }

    @Test("A request waiting past its response window reaches every officer of the request's region, and only them")
    func officersOfTheRegion() async throws {
        try await NotificationsDatabase.with { database in
            let submitted = try EventExamples.load(RequestSubmitted.self)   // TH-50 Chiang Mai: north
            let expired = try EventExamples.load(MatchExpired.self)
            let north1 = UUID(), north2 = UUID(), south = UUID()
            try await database.consume([
                .payload(contacts(north1, .officer, "สำนักงานภาคเหนือ 1", region: .north, channels: [.email])),
                .payload(contacts(north2, .officer, "สำนักงานภาคเหนือ 2", region: .north, channels: [.sms])),
                .payload(contacts(south, .officer, "สำนักงานภาคใต้", region: .south, channels: [.email])),
                .event(submitted),
                .event(expired),
            ])
            let overdue = try await database.pool.query("""
                SELECT recipient_party_id, channel FROM notifications.messages WHERE template = 'response-overdue' ORDER BY channel
                """).map { "\(try $0.decode(UUID.self, column: "recipient_party_id"))/\(try $0.decode(String.self, column: "channel"))" }
            #expect(overdue == ["\(north1)/email", "\(north2)/sms"])
            #expect(try await database.count("SELECT count(*)::int8 AS n FROM notifications.activity WHERE kind = 'waitingPastWindow' AND region = 'north'") == 1)
        }
    }

    @Test("Certificate messages reach the provider the certificate's request was assigned to")
    func certificateToProvider() async throws {
        try await NotificationsDatabase.with { database in
            let submitted = try EventExamples.load(RequestSubmitted.self)
            let assigned = try EventExamples.load(MatchAssigned.self)
            let issued = try EventExamples.load(CertificationStepChanged.self)
            try await database.consume([
                .payload(contacts(assigned.data.providerId, .provider, "คลินิกเทคโนโลยี", channels: [.email])),
                .payload(contacts(assigned.data.enterpriseId, .enterprise, "กลุ่มแม่บ้าน", channels: [.line])),
                .event(submitted),
                .event(assigned),
                .event(issued),
            ])
            let issuedRows = try await rows(database).filter { $0.hasPrefix("certificate-issued") }
            #expect(issuedRows == ["certificate-issued/8f6d2a10/line/pending", "certificate-issued/c3a1e9f0/email/pending"])
            #expect(try await database.count("SELECT count(*)::int8 AS n FROM notifications.activity WHERE kind = 'certificateIssued'") == 1)
        }
    }
}
