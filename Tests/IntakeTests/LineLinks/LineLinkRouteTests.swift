import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import Logging
import Messaging
import Postgres
import TestSupport
import Testing

/// LINE linking end to end in process: a linking code for a contact person, the LINE webhook signed
/// with the channel secret (a wrong signature refused, a redelivered event stored once), the message
/// that links the LINE account (a `contact.upserted` carrying the LINE id), the unfollow that unlinks it.
@Suite("LINE linking and the LINE webhook")
struct LineLinkRouteTests {
    static let user = "U4af4980629c3f1e2d8b7a6c5d4e3f2a1"

    @Test("a linking code sent on LINE links the sender to the contact person; an unfollow unlinks it")
    func linkAndUnlink() async throws {
        try await RouteFixture.with { fixture in
            let enterprise = try await fixture.enterpriseWithContact(phone: "081-234-5678", channels: ["sms"])
            let created = try await fixture.call.json(.post, "/v1/line-links", token: enterprise.token, ["contactIndex": 0])
            #expect(created.status == .created, "\(created.text)")
            let link = try created.decode(LineLinkView.self)
            #expect(link.code.count == 6 && link.partyId == enterprise.id && link.contactIndex == 0)

            let sent = try await fixture.webhook([.message(id: "ev-1", user: Self.user, text: "รหัส \(link.code.lowercased())")])
            #expect(sent.status == .ok, "\(sent.text)")
            #expect(try await fixture.lineProcessor().processPending() == 1)
            let linked = try #require(try await fixture.published(ContactsUpserted.self).last?.data)
            #expect(linked.partyId == enterprise.id)
            #expect(linked.contacts[0].lineUserId == Self.user)
            #expect(linked.contacts[0].channels == [.sms, .line])
            #expect(try await fixture.count("""
                SELECT count(*)::int8 AS n FROM intake.line_webhook_events
                WHERE outcome = 'linked' AND line_user_id IS NULL AND message_text IS NULL
                """) == 1, "processed events keep no LINE id or text")

            // The code is single use: another LINE account sending it links nothing.
            _ = try await fixture.webhook([.message(id: "ev-2", user: "Uother000000000000000000000000000", text: link.code)])
            try await fixture.lineProcessor().processPending()
            #expect(try await fixture.outcome("ev-2") == "noValidCode")

            _ = try await fixture.webhook([.unfollow(id: "ev-3", user: Self.user)])
            try await fixture.lineProcessor().processPending()
            let unlinked = try #require(try await fixture.published(ContactsUpserted.self).last?.data)
            #expect(unlinked.contacts[0].lineUserId == nil)
            #expect(unlinked.contacts[0].channels == [.sms])
            #expect(try await fixture.outcome("ev-3") == "unlinked")
        }
    }

    @Test("a webhook with a wrong or missing signature is refused and stores nothing")
    func wrongSignature() async throws {
        try await RouteFixture.with { fixture in
            let body = try LineEvents.body([.message(id: "ev-x", user: Self.user, text: "ABCDEF")])
            let forged = LineSignature(channelSecret: "another channel's secret, 32 chars").sign(body)
            let refused = try await fixture.call.send(.post, "/webhooks/line", token: nil, body: body,
                                                      headers: [.lineSignature: forged])
            #expect(refused.status == .unauthorized)
            let unsigned = try await fixture.call.send(.post, "/webhooks/line", token: nil, body: body)
            #expect(unsigned.status == .unauthorized)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.line_webhook_events") == 0)
        }
    }

    @Test("a redelivered webhook event is stored and processed once")
    func duplicate() async throws {
        try await RouteFixture.with { fixture in
            let enterprise = try await fixture.enterpriseWithContact()
            let link = try await fixture.call.json(.post, "/v1/line-links", token: enterprise.token, ["contactIndex": 0])
                .decode(LineLinkView.self)
            let first = try await fixture.webhook([.message(id: "ev-dup", user: Self.user, text: link.code)])
            let second = try await fixture.webhook([.message(id: "ev-dup", user: Self.user, text: link.code)])
            #expect(try first.decode(LineWebhookAnswer.self) == LineWebhookAnswer(received: 1, new: 1))
            #expect(try second.decode(LineWebhookAnswer.self) == LineWebhookAnswer(received: 1, new: 0))
            #expect(try await fixture.lineProcessor().processPending() == 1)
            #expect(try await fixture.outboxCount(type: ContactsUpserted.eventType, key: enterprise.id.lowercased) == 2,
                    "registered, then linked once")
        }
    }

    @Test("an expired linking code links nothing; follow events are only recorded")
    func expiredCode() async throws {
        let clock = ManualClock()
        try await RouteFixture.with(clock: clock) { fixture in
            let enterprise = try await fixture.enterpriseWithContact()
            let link = try await fixture.call.json(.post, "/v1/line-links", token: enterprise.token, ["contactIndex": 0])
                .decode(LineLinkView.self)
            clock.advance(by: 601)
            _ = try await fixture.webhook([.follow(id: "ev-f", user: Self.user), .message(id: "ev-m", user: Self.user, text: link.code)])
            try await fixture.lineProcessor(clock: clock).processPending()
            #expect(try await fixture.outcome("ev-f") == "ignored")
            #expect(try await fixture.outcome("ev-m") == "noValidCode")
        }
    }

    @Test("linking codes: for the party's own contact persons, by enterprises and providers only")
    func linkingCodes() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let missing = try await fixture.call.json(.post, "/v1/line-links", token: parties.tokens.northEnterprise, ["contactIndex": 7])
        #expect(missing.status == .notFound)
        let outside = try await fixture.call.json(.post, "/v1/line-links", token: parties.tokens.northEnterprise, ["contactIndex": 20])
        #expect(outside.status == .unprocessableContent && outside.pointers == ["/contactIndex"])
        let provider = try await fixture.call.json(.post, "/v1/line-links", token: parties.tokens.northProvider, ["contactIndex": 0])
        #expect(provider.status == .created)
        #expect(try provider.decode(LineLinkView.self).partyId == parties.ids.northProvider)
        let officer = try await fixture.call.json(.post, "/v1/line-links", token: parties.tokens.officer, ["contactIndex": 0])
        #expect(officer.status == .forbidden)
    }
}

/// LINE webhook events as the platform sends them.
enum LineEvents {
    case message(id: String, user: String, text: String)
    case follow(id: String, user: String)
    case unfollow(id: String, user: String)

    var json: [String: Any] {
        let base: [String: Any] = ["timestamp": 1_764_038_467_318, "mode": "active", "deliveryContext": ["isRedelivery": false]]
        switch self {
        case .message(let id, let user, let text):
            return base.merging(["type": "message", "webhookEventId": id, "replyToken": "reply-\(id)",
                                 "source": ["type": "user", "userId": user],
                                 "message": ["type": "text", "id": "4687895778", "text": text]]) { $1 }
        case .follow(let id, let user):
            return base.merging(["type": "follow", "webhookEventId": id, "source": ["type": "user", "userId": user]]) { $1 }
        case .unfollow(let id, let user):
            return base.merging(["type": "unfollow", "webhookEventId": id, "source": ["type": "user", "userId": user]]) { $1 }
        }
    }

    static func body(_ events: [LineEvents]) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: ["destination": "Uf0a1b2c3d4e5f60718293a4b5c6d7e8f",
                                                          "events": events.map(\.json)]))
    }
}

extension RouteFixture {
    /// Sends `events` to the LINE webhook, signed with the fixture's channel secret.
    func webhook(_ events: [LineEvents]) async throws -> RouteClient.Answer {
        let body = try LineEvents.body(events)
        let signature = LineSignature(channelSecret: try #require(Self.signIn.lineChannelSecret)).sign(body)
        return try await call.send(.post, "/webhooks/line", token: nil, body: body, headers: [.lineSignature: signature])
    }

    /// The processor of the stored webhook events, on the fixture's database.
    func lineProcessor(clock: any WallClock = .system) throws -> LineWebhookProcessor {
        LineWebhookProcessor(pool: pool, postgres: try PostgresConfiguration(url: "postgresql://unused@127.0.0.1/unused"),
                             key: try #require(Self.signIn.key), logger: logger, clock: clock)
    }

    /// The recorded outcome of a webhook event.
    func outcome(_ id: String) async throws -> String? {
        try await pool.query("SELECT outcome FROM intake.line_webhook_events WHERE webhook_event_id = \(id)")
            .first?.decode(String?.self, column: "outcome")
    }
}
