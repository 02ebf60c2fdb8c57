import CodeSealing
import Contracts
import Domain
import Foundation
import Kafka
import Logging
import Messaging
import Postgres
import TestSupport
import Testing
@testable import NotificationsService

/// A sign-in code from intake reaches the one contact person who asked, on the channel they chose,
/// with the code opened only for the send (the message row keeps it sealed); a code past its 10
/// minutes, or one notifications cannot open, is never sent.
@Suite("Sign-in code messages (real PostgreSQL)", .serialized)
struct SignInCodeMessageTests {
    static let key = CodeKey.random()

    private func worker(_ database: NotificationsDatabase, senders: [ScriptedSender], key: CodeKey? = SignInCodeMessageTests.key)
        -> DeliveryWorker {
        var configuration = DeliveryConfiguration()
        configuration.retry = RetryPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(50))
        configuration.dataRecheck = .milliseconds(20)
        var logger = Logger(label: "sign-in-tests")
        logger.logLevel = .critical
        return DeliveryWorker(configuration: configuration, pool: database.pool, postgres: database.configuration,
                              composer: MessageComposer(renderer: Fixtures.renderer, codeKey: key),
                              senders: Dictionary(uniqueKeysWithValues: senders.map { ($0.channel, $0 as any ChannelSender) }),
                              logger: logger)
    }

    /// Delivers `payloads` to the notifications handler through its routes and the inbox, one batch.
    private func consume<Payload: EventPayload>(_ payloads: [Payload], _ database: NotificationsDatabase) async throws {
        var logger = Logger(label: "sign-in-tests")
        logger.logLevel = .critical
        let processor = try InboxBatchProcessor(consumer: "notifications.messages", service: .notifications,
                                                schema: NotificationsService.schema, pool: database.pool,
                                                routes: EventRoutes(NotificationHandler(planner: MessagePlanner(logger: logger))),
                                                logger: logger)
        let messages = try payloads.enumerated().map { index, payload in
            KafkaIncomingMessage(topic: Payload.topic.name, partition: 0, offset: Int64(index), key: Array(payload.aggregateID.utf8),
                                 value: try CloudEvent(payload, source: "/otop/tests", time: Date()).encoded())
        }
        let outcome = try await processor.process(messages)
        #expect(outcome.deadLetters.isEmpty, "\(outcome.deadLetters.map(\.reason))")
    }

    /// An enterprise whose second contact person has a phone but prefers e-mail only.
    private func enterprise() -> ContactsUpserted {
        ContactsUpserted(partyId: UUID(), partyKind: .enterprise, partyName: "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม", contacts: [
            Fixtures.person("นางสมศรี ใจดี", email: "somsri@example.org", phone: "+66812345678", channels: [.email, .sms]),
            Fixtures.person("นายสมชาย ใจดี", email: "somchai@example.org", phone: "+66898765432", line: nil, channels: [.email]),
        ])
    }

    private func codeRequested(for party: ContactsUpserted, index: Int, channel: ContactChannel, code: String = "042917",
                               expiresIn seconds: TimeInterval = 600) throws -> SignInCodeRequested {
        let id = UUID()
        return SignInCodeRequested(codeId: id, partyId: party.partyId, partyKind: party.partyKind, contactIndex: index, channel: channel,
                                   sealedCode: try Self.key.seal(code, for: id), requestedAt: Date().addingTimeInterval(seconds - 600),
                                   expiresAt: Date().addingTimeInterval(seconds))
    }

    private func drain(_ worker: DeliveryWorker, _ database: NotificationsDatabase, until status: String) async throws {
        try await waitUntil("the sign-in message is \(status)", timeout: .seconds(60), pollEvery: .milliseconds(5)) {
            _ = try await worker.deliverOne()
            return try await database.count("""
                SELECT count(*)::int8 AS n FROM notifications.messages WHERE template = 'sign-in-code' AND status = \(status)
                """) == 1
        }
    }

    @Test("the code goes to the one person who asked, on the channel they chose (not among their preferences), and to nobody else")
    func onePersonOneChannel() async throws {
        try await NotificationsDatabase.with { database in
            let party = enterprise()
            let event = try codeRequested(for: party, index: 1, channel: .sms)
            try await consume([party], database)
            try await consume([event], database)
            let sms = ScriptedSender(.sms), email = ScriptedSender(.email)
            try await drain(worker(database, senders: [sms, email]), database, until: "sent")
            let sent = try #require(sms.sent.first)
            #expect(sms.sent.count == 1 && email.sent.isEmpty)
            #expect(sent.recipients.map(\.address) == ["+66898765432"])
            #expect(sent.content.sms?.contains("042917") == true)
            #expect(sent.content.sms?.contains("https://otop-sti.example/sign-in/codes/\(event.codeId.uuidString.lowercased())") == true)
            // The row keeps the code sealed; only the send saw it in clear.
            #expect(try await database.count("""
                SELECT count(*)::int8 AS n FROM notifications.messages WHERE facts::text LIKE '%042917%'
                """) == 0)
        }
    }

    @Test("a code past its expiry is not sent, and neither is one notifications cannot open")
    func expiredOrUnopenable() async throws {
        try await NotificationsDatabase.with { database in
            let party = enterprise()
            try await consume([party], database)
            try await consume([try codeRequested(for: party, index: 0, channel: .email, expiresIn: -1)], database)
            let email = ScriptedSender(.email)
            try await drain(worker(database, senders: [email]), database, until: "failed")
            #expect(email.sent.isEmpty)
            #expect(try await database.count("""
                SELECT count(*)::int8 AS n FROM notifications.messages WHERE last_error LIKE '%expired before it could be sent%'
                """) == 1)
        }
        try await NotificationsDatabase.with { database in
            let party = enterprise()
            try await consume([party], database)
            try await consume([try codeRequested(for: party, index: 0, channel: .email)], database)
            let email = ScriptedSender(.email)
            try await drain(worker(database, senders: [email], key: CodeKey.random()), database, until: "failed")
            #expect(email.sent.isEmpty)
        }
    }

    @Test("a code for a person without an address on the channel is skipped, not sent elsewhere")
    func noAddress() async throws {
        try await NotificationsDatabase.with { database in
            let party = enterprise()
            try await consume([party], database)
            try await consume([try codeRequested(for: party, index: 1, channel: .line)], database)
            #expect(try await database.count("""
                SELECT count(*)::int8 AS n FROM notifications.messages WHERE template = 'sign-in-code' AND status = 'skipped'
                """) == 1)
        }
    }
}
