import Contracts
import Domain
import Foundation
import Kafka
import Logging
import Messaging
import Postgres
import SMTP
import Synchronization
import TestSupport
import Testing
@testable import NotificationsService

/// A message for a party whose contacts were erased (PDPA) can never be delivered: the delivery
/// worker fails it at once, with a reason, a `notification.failed` event and the failure metric,
/// instead of leaving it pending for days. Events go through the real inbox processor and handler
/// into the real PostgreSQL (a database of the test's own); e-mail goes to a recording mailer.
@Suite("Erased recipients")
struct ErasedRecipientTests {
    @Test("a waiting message for a party whose contacts are then erased fails at once, with a reason, an event and a metric")
    func erasedAfterQueued() async throws {
        try await NotificationsDatabase.with { database in
            let enterprise = UUID(), request = UUID()
            try await database.consume([
                database.contacts(for: enterprise), database.submitted(request, by: enterprise), database.erasure(of: enterprise),
            ])
            let mailer = RecordingMailer(), metrics = TestMetricsFactory()
            #expect(try await database.worker(mailer, metrics).deliverOne())

            let message = try #require(try await database.messages().first)
            #expect(message.status == "failed", "not left pending for contacts that will never come")
            #expect(message.attempts == 1)
            #expect(message.lastError?.contains("erased") == true, "\(message.lastError ?? "no reason")")
            #expect(mailer.sent.isEmpty)
            let failed = try #require(try await database.failedEvents().first)
            #expect(failed.data.notificationId == message.id)
            #expect(failed.data.requestId == request)
            #expect(failed.data.reason.contains("erased"))
            #expect(metrics.value("otop_notifications_failed_total", ["template": "request-received"]) == 1)
        }
    }

    @Test("a message queued after the erasure fails too; contacts registered again make the party reachable again")
    func erasedBeforeQueued() async throws {
        try await NotificationsDatabase.with { database in
            let enterprise = UUID()
            try await database.consume([
                database.contacts(for: enterprise), database.erasure(of: enterprise), database.submitted(UUID(), by: enterprise),
            ])
            let mailer = RecordingMailer(), metrics = TestMetricsFactory()
            #expect(try await database.worker(mailer, metrics).deliverOne())
            #expect(try await database.messages().map(\.status) == ["failed"])

            try await database.consume([database.contacts(for: enterprise), database.submitted(UUID(), by: enterprise)], from: 10)
            #expect(try await database.worker(mailer, metrics).deliverOne())
            #expect(try await database.messages().map(\.status).sorted() == ["failed", "sent"])
            #expect(mailer.sent.count == 1)
        }
    }
}

/// A database of the test's own with the notifications schema migrated, and helpers to feed it events.
struct NotificationsDatabase {
    let pool: PostgresPool
    let postgres: PostgresConfiguration
    let logger: Logger

    static func with(_ body: (NotificationsDatabase) async throws -> Void) async throws {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"] else {
            Issue.record("DATABASE_URL is not set: run the tests with scripts/test.sh")
            return
        }
        var logger = Logger(label: "notifications-tests")
        logger.logLevel = .warning
        let admin = try PostgresConfiguration(url: url)
        var postgres = admin
        postgres.database = "otop_ntest_\(UUID().uuidString.prefix(8).lowercased())"
        let control = try await PostgresConnection.connect(configuration: admin, logger: logger)
        try await control.execute("CREATE DATABASE \(identifier: postgres.database)")
        let pool = PostgresPool(configuration: postgres, maxConnections: 2, logger: logger)
        let database = NotificationsDatabase(pool: pool, postgres: postgres, logger: logger)
        do {
            _ = try await NotificationsService.migrator().migrate(on: pool, logger: logger)
            try await body(database)
        } catch {
            await pool.close()
            _ = try? await control.execute("DROP DATABASE IF EXISTS \(identifier: postgres.database) WITH (FORCE)")
            await control.close()
            throw error
        }
        await pool.close()
        try await control.execute("DROP DATABASE IF EXISTS \(identifier: postgres.database) WITH (FORCE)")
        await control.close()
    }

    /// Applies `messages` as one batch through the inbox processor and the service's handler.
    func consume(_ messages: [(topic: Topic, key: String, value: [UInt8])], from offset: Int64 = 0) async throws {
        let processor = try InboxBatchProcessor(consumer: "notifications.messages", service: .notifications,
                                                schema: NotificationsService.schema, pool: pool,
                                                routes: EventRoutes(NotificationHandler()), logger: logger)
        let outcome = try await processor.process(messages.enumerated().map { index, message in
            KafkaIncomingMessage(topic: message.topic.name, partition: 0, offset: offset + Int64(index),
                                 key: Array(message.key.utf8), value: message.value)
        })
        #expect(outcome.deadLetters.isEmpty, "\(outcome.deadLetters)")
    }

    func contacts(for party: UUID) -> (topic: Topic, key: String, value: [UInt8]) {
        let event = CloudEvent(ContactsUpserted(partyId: party, partyKind: .enterprise, partyName: "กลุ่มแม่บ้านทดสอบ",
                                                contacts: [ContactPerson(name: "นางทดสอบ ใจดี", email: "test@example.org")]),
                               source: "/otop/intake")
        return (.contacts, party.uuidString.lowercased(), try! event.encoded())
    }

    func erasure(of party: UUID) -> (topic: Topic, key: String, value: [UInt8]) {
        (.contacts, party.uuidString.lowercased(), [])
    }

    func submitted(_ request: UUID, by enterprise: UUID) -> (topic: Topic, key: String, value: [UInt8]) {
        let event = CloudEvent(RequestSubmitted(
            requestId: request, reference: "OTOP-2570-000001", enterpriseId: enterprise, productId: nil,
            productName: "น้ำพริกหนุ่ม", productType: .food, serviceAreas: [.packagingDesign], targetStandard: nil,
            description: "ทดสอบ", provinceCode: "TH-50", fiscalYear: 2570, submittedAt: Date()), source: "/otop/intake")
        return (.requests, request.uuidString.lowercased(), try! event.encoded())
    }

    func worker(_ mailer: RecordingMailer, _ metrics: TestMetricsFactory) -> DeliveryWorker {
        DeliveryWorker(configuration: .init(from: EmailAddress("no-reply@otop-sti.test")), pool: pool, postgres: postgres,
                       mailer: mailer, logger: logger, metrics: metrics)
    }

    struct Message {
        var id: UUID
        var status: String
        var attempts: Int
        var lastError: String?
    }

    func messages() async throws -> [Message] {
        try await pool.query("SELECT id, status, attempts, last_error FROM notifications.messages ORDER BY created_at").map { row in
            Message(id: try row.decode(UUID.self, column: "id"), status: try row.decode(String.self, column: "status"),
                    attempts: try row.decode(Int.self, column: "attempts"), lastError: try row.decode(String?.self, column: "last_error"))
        }
    }

    /// The `NotificationFailed` events in the outbox.
    func failedEvents() async throws -> [CloudEvent<NotificationFailed>] {
        try await pool.query("SELECT payload FROM notifications.outbox WHERE topic = \(Topic.notifications.name) ORDER BY seq")
            .map { row in try IncomingEvent(bytes: try row.decode([UInt8].self, column: "payload")) }
            .filter { $0.header.type == NotificationFailed.eventType }
            .map { try $0.decode(NotificationFailed.self) }
    }
}

/// Records what would have been sent.
final class RecordingMailer: Mailer {
    private let messages = Mutex<[EmailMessage]>([])
    var sent: [EmailMessage] { messages.withLock { $0 } }

    func send(_ message: EmailMessage) async throws(SMTPError) {
        messages.withLock { $0.append(message) }
    }
}
