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

/// A message for a party whose contacts were erased (PDPA) can never be delivered: the delivery
/// worker fails it at once, with a reason, a `notification.failed` event and the failure metric,
/// instead of leaving it pending for days. Events go through the real inbox processor and the
/// handler's registered routes into the real PostgreSQL; the e-mail channel is a scripted sender.
@Suite("Erased recipients", .serialized)
struct ErasedRecipientTests {
    private func contacts(for party: UUID) throws -> ConsumedMessage {
        try .payload(ContactsUpserted(partyId: party, partyKind: .enterprise, partyName: "กลุ่มแม่บ้านทดสอบ",
                                      contacts: [ContactPerson(name: "นางทดสอบ ใจดี", email: "test@example.org")]))
    }

    private func submitted(_ request: UUID, by enterprise: UUID) throws -> ConsumedMessage {
        try .payload(RequestSubmitted(
            requestId: request, reference: "OTOP-2570-000001", enterpriseId: enterprise, productId: nil,
            productName: "น้ำพริกหนุ่ม", productType: .food, serviceAreas: [.packagingDesign], targetStandard: nil,
            description: "ทดสอบ", provinceCode: "TH-50", fiscalYear: 2570, submittedAt: Date()))
    }

    private func worker(_ database: NotificationsDatabase, _ email: ScriptedSender, _ metrics: TestMetricsFactory) -> DeliveryWorker {
        var logger = Logger(label: "erased-tests")
        logger.logLevel = .critical
        return DeliveryWorker(configuration: DeliveryConfiguration(), pool: database.pool, postgres: database.configuration,
                              composer: MessageComposer(renderer: Fixtures.renderer), senders: [.email: email], logger: logger,
                              metrics: metrics)
    }

    private func statuses(_ database: NotificationsDatabase) async throws -> [(status: String, attempts: Int, error: String?)] {
        try await database.pool.query("SELECT status, attempts, last_error FROM notifications.messages ORDER BY created_at, status")
            .map { (try $0.decode(String.self, column: "status"), try $0.decode(Int.self, column: "attempts"),
                    try $0.decode(String?.self, column: "last_error")) }
    }

    @Test("a message queued for a party whose contacts are then erased fails at once, with a reason, an event and a metric")
    func erasedAfterQueued() async throws {
        try await NotificationsDatabase.with { database in
            let enterprise = UUID(), request = UUID()
            // Queued while the contacts were not known yet (no channel), then the party is erased.
            try await database.consume([try submitted(request, by: enterprise), .erasure(of: enterprise)])
            let email = ScriptedSender(.email), metrics = TestMetricsFactory()
            #expect(try await worker(database, email, metrics).deliverOne())

            let message = try #require(try await statuses(database).first)
            #expect(message.status == "failed", "not left pending for contacts that will never come")
            #expect(message.attempts == 1)
            #expect(message.error?.contains("erased") == true, "\(message.error ?? "no reason")")
            #expect(email.attempts == 0)
            let failed = try await database.pool.query("""
                SELECT payload FROM notifications.outbox WHERE headers->>'ce_type' = \(NotificationFailed.eventType)
                """).map { try IncomingEvent(bytes: Array(try $0.decode(Data.self, column: "payload"))).decode(NotificationFailed.self).data }
            #expect(failed.count == 1)
            #expect(failed.first?.requestId == request)
            #expect(failed.first?.reason.contains("erased") == true)
            #expect(metrics.value("otop_notifications_failed_total", ["template": "request-received", "channel": "none"]) == 1)
        }
    }

    @Test("a message queued after the erasure fails too; contacts registered again make the party reachable again")
    func erasedBeforeQueued() async throws {
        try await NotificationsDatabase.with { database in
            let enterprise = UUID()
            try await database.consume([try contacts(for: enterprise), .erasure(of: enterprise), try submitted(UUID(), by: enterprise)])
            let email = ScriptedSender(.email), metrics = TestMetricsFactory()
            #expect(try await worker(database, email, metrics).deliverOne())
            #expect(try await statuses(database).map(\.status) == ["failed"])

            try await database.consume([try contacts(for: enterprise), try submitted(UUID(), by: enterprise)], from: 10)
            #expect(try await worker(database, email, metrics).deliverOne())
            #expect(try await statuses(database).map(\.status).sorted() == ["failed", "sent"])
            #expect(email.sent.count == 1)
        }
    }
}
