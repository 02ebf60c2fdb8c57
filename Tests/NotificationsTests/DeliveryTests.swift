import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres
import TestSupport
import Testing
@testable import NotificationsService

/// The delivery worker's guarantees against the real PostgreSQL, with scripted senders: retries
/// with backoff until delivered, permanent failures not retried, the events it records and the
/// officer alert for a message that failed for good.
@Suite("Delivery: queue, compose, send per channel, record (real PostgreSQL)", .serialized)
struct DeliveryTests {
    private func worker(_ database: NotificationsDatabase, senders: [ScriptedSender], maxAttempts: Int = 8) -> DeliveryWorker {
        var configuration = DeliveryConfiguration()
        configuration.retry = RetryPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(50))
        configuration.maxAttempts = maxAttempts
        configuration.dataRecheck = .milliseconds(20)
        var logger = Logger(label: "delivery-tests")
        logger.logLevel = .critical
        return DeliveryWorker(configuration: configuration, pool: database.pool, postgres: database.configuration,
                              composer: MessageComposer(renderer: Fixtures.renderer),
                              senders: Dictionary(uniqueKeysWithValues: senders.map { ($0.channel, $0 as any ChannelSender) }),
                              logger: logger)
    }

    /// Queues the example proposal for a provider reachable on `channels`, with a north officer on e-mail.
    private func queueProposal(_ database: NotificationsDatabase, channels: [ContactChannel]) async throws -> CloudEvent<MatchProposed> {
        let submitted = try EventExamples.load(RequestSubmitted.self)
        let proposed = try EventExamples.load(MatchProposed.self)
        try await database.consume([
            .payload(ContactsUpserted(partyId: proposed.data.providerId, partyKind: .provider,
                                      partyName: "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", contacts: [Fixtures.person(channels: channels)])),
            .payload(ContactsUpserted(partyId: UUID(), partyKind: .officer, partyName: "สำนักงานภาคเหนือ",
                                      contacts: [Fixtures.person("เจ้าหน้าที่", email: "officer@example.org", channels: [.email])],
                                      region: .north)),
            .event(submitted),
            .event(proposed),
        ])
        return proposed
    }

    private func drain(_ worker: DeliveryWorker, until what: String, _ done: () async throws -> Bool) async throws {
        try await waitUntil(what, timeout: .seconds(60), pollEvery: .milliseconds(5)) {
            _ = try await worker.deliverOne()
            return try await done()
        }
    }

    private func outboxTypes(_ database: NotificationsDatabase) async throws -> [String] {
        try await database.pool.query("SELECT headers->>'ce_type' AS type FROM notifications.outbox ORDER BY seq")
            .map { try $0.decode(String.self, column: "type") }
    }

    @Test("A channel that fails twice (transient) then accepts: one delivery, one delivered event, three attempts")
    func transientThenDelivered() async throws {
        try await NotificationsDatabase.with { database in
            _ = try await queueProposal(database, channels: [.line])
            let line = ScriptedSender(.line, failures: [.transient("LINE answered HTTP 503"), .transient("LINE answered HTTP 429")])
            let worker = worker(database, senders: [line])
            try await drain(worker, until: "the LINE message is sent") {
                try await database.count("SELECT count(*)::int8 AS n FROM notifications.messages WHERE status = 'sent'") == 1
            }
            #expect(line.attempts == 3)
            let proposal = try #require(line.sent.first { $0.template == .proposalToProvider })
            #expect(proposal.content.line?.contains("OTOP-2570-000123") == true)
            #expect(try await database.count("""
                SELECT attempts::int8 AS n FROM notifications.messages WHERE template = 'proposal-to-provider'
                """) == 3)
            #expect(try await outboxTypes(database).filter { $0 == NotificationDelivered.eventType }.count == 1)
            #expect(!(try await outboxTypes(database)).contains(NotificationFailed.eventType))
        }
    }

    @Test("A permanent failure is not retried: failed event, and the region's officers are alerted")
    func permanentFailureAlertsOfficers() async throws {
        try await NotificationsDatabase.with { database in
            _ = try await queueProposal(database, channels: [.sms])
            let sms = ScriptedSender(.sms, failures: Array(repeating: .permanent("SMS gateway refused the message: HTTP 400"), count: 10))
            let email = ScriptedSender(.email)
            let worker = worker(database, senders: [sms, email])
            try await drain(worker, until: "the officer alert is sent") {
                try await database.count("""
                    SELECT count(*)::int8 AS n FROM notifications.messages WHERE template = 'delivery-failed-alert' AND status = 'sent'
                    """) >= 1
            }
            #expect(sms.attempts == 1, "no retry")
            #expect(try await database.count("SELECT count(*)::int8 AS n FROM notifications.messages WHERE status = 'failed'") == 1)
            let alert = try #require(email.sent.first { $0.template == .deliveryFailedAlert && $0.content.text.contains("proposal-to-provider") })
            #expect(alert.recipients.map(\.address) == ["officer@example.org"])
            #expect(alert.content.text.contains("คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้"))
            #expect(alert.content.text.contains("HTTP 400"))
            #expect(try await outboxTypes(database).filter { $0 == NotificationFailed.eventType }.count == 1)
        }
    }

    @Test("Transient failures that never end fail the message after the last attempt")
    func attemptsRunOut() async throws {
        try await NotificationsDatabase.with { database in
            _ = try await queueProposal(database, channels: [.email])
            let email = ScriptedSender(.email, failures: Array(repeating: .transient("SMTP greeting failed: timed out"), count: 100))
            let worker = worker(database, senders: [email], maxAttempts: 3)
            try await drain(worker, until: "the proposal to fail") {
                try await database.count("""
                    SELECT count(*)::int8 AS n FROM notifications.messages WHERE status = 'failed' AND recipient_kind = 'provider'
                    """) == 1
            }
            #expect(email.attempts >= 3)
            let reason = try await database.pool.query("""
                SELECT last_error FROM notifications.messages WHERE template = 'proposal-to-provider'
                """).first?.decode(String.self, column: "last_error")
            #expect(reason?.hasPrefix("gave up after 3 attempts") == true)
        }
    }

    @Test("A message queued before the recipient's contacts is routed to its channels once they arrive, then sent")
    func routedWhenContactsArrive() async throws {
        try await NotificationsDatabase.with { database in
            let submitted = try EventExamples.load(RequestSubmitted.self)
            try await database.consume([.event(submitted)])
            let email = ScriptedSender(.email), line = ScriptedSender(.line)
            let worker = worker(database, senders: [email, line])
            _ = try await worker.deliverOne()
            #expect(try await database.count("SELECT count(*)::int8 AS n FROM notifications.messages WHERE status = 'pending' AND channel IS NULL") == 1)
            try await database.consume([
                .payload(ContactsUpserted(partyId: submitted.data.enterpriseId, partyKind: .enterprise, partyName: "กลุ่มแม่บ้าน",
                                          contacts: [Fixtures.person(channels: [.email, .line])])),
            ])
            try await drain(worker, until: "e-mail and LINE are sent") {
                try await database.count("SELECT count(*)::int8 AS n FROM notifications.messages WHERE status = 'sent'") == 2
            }
            #expect(try await database.count("SELECT count(*)::int8 AS n FROM notifications.messages WHERE status = 'routed'") == 1)
            #expect(email.sent.count == 1 && line.sent.count == 1)
        }
    }

    @Test("Contacts erased after a message was routed: the message fails (named), it does not stay pending")
    func erasedContacts() async throws {
        try await NotificationsDatabase.with { database in
            let proposed = try await queueProposal(database, channels: [.email])
            try await database.consume([.erasure(of: proposed.data.providerId)])
            let worker = worker(database, senders: [ScriptedSender(.email)])
            try await drain(worker, until: "the message to fail") {
                try await database.count("""
                    SELECT count(*)::int8 AS n FROM notifications.messages
                    WHERE template = 'proposal-to-provider' AND status = 'failed' AND last_error LIKE '%erased%'
                    """) == 1
            }
        }
    }
}
