import Contracts
import Domain
import Foundation
import Logging
import Postgres
import ServiceRuntime

/// Measures delivery throughput: queues `messages` ready messages on one channel for one recipient in
/// the database of `DATABASE_URL` (its `notifications` schema is emptied first: use a database of its
/// own), then runs the delivery worker's lanes with the senders the environment configures (the
/// same settings as the service) until all are sent. Used by `otopctl bench notifications`.
public enum DeliveryBenchmark {
    /// What a run came to.
    public struct Result: Sendable {
        public var messages: Int
        public var seconds: Double
        public var perSecond: Double { Double(messages) / seconds }
    }

    public static func run(channel channelName: String, messages: Int, concurrency: Int, logger: Logger) async throws -> Result {
        let environment = EnvironmentReader()
        guard let channel = ContactChannel(rawValue: channelName) else {
            throw ConfigurationError(variable: "--channel", problem: "must be email, line or sms, found '\(channelName)'")
        }
        let settings = try NotificationsConfiguration(environment)
        let postgres = try PostgresConfiguration(url: try environment.required("DATABASE_URL"))
        let pool = PostgresPool(configuration: postgres, maxConnections: concurrency + 2, logger: logger)
        defer { Task { await pool.close() } }
        _ = try await NotificationsService.migrator().migrate(on: pool, logger: logger)
        _ = try await pool.execute("TRUNCATE notifications.messages, notifications.recipients, notifications.outbox")

        let party = UUID()
        let person = ContactPerson(name: "นางสมศรี ใจดี", email: "somsri@bench.example", phone: "+66812345678",
                                   lineUserId: "Ubench", channels: [channel])
        let submitted = RequestSubmitted(
            requestId: UUID(), reference: "OTOP-2570-000123", enterpriseId: party, productId: nil,
            productName: "น้ำพริกหนุ่มสมุนไพร", productType: .food, serviceAreas: [.packagingDesign, .standardsSystem],
            targetStandard: .tcps, description: "ต้องการยืดอายุการเก็บรักษาและยื่นขอ มผช.", provinceCode: "TH-50",
            fiscalYear: 2570, submittedAt: Date())
        try await pool.withTransaction { connection in
            try await RecipientStore.upsert(ContactsUpserted(partyId: party, partyKind: .enterprise,
                                                             partyName: "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม",
                                                             contacts: [person]), on: connection)
            let recipient = try await RecipientStore.load(party, on: connection)
            for _ in 0..<messages {
                try await MessageStore.enqueue(.requestReceived, cause: UUID(), recipientID: party, kind: .enterprise,
                                               recipient: recipient, requestID: nil, facts: .requestSubmitted(submitted),
                                               on: connection)
            }
        }
        var delivery = settings.delivery
        delivery.concurrency = concurrency
        let worker = DeliveryWorker(
            configuration: delivery, pool: pool, postgres: postgres,
            composer: MessageComposer(renderer: MessageRenderer(library: try TemplateLibrary.bundled(), portalURL: settings.portalURL)),
            senders: NotificationsService.channelSenders(settings, logger: logger), logger: logger)
        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask { while try await worker.deliverOne() {} }
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - started
        let sent = try await pool.query("SELECT count(*)::int8 AS n FROM notifications.messages WHERE status = 'sent'")
            .first?.decode(Int.self, column: "n") ?? 0
        guard sent == messages else {
            throw ConfigurationError(variable: "channel \(channelName)", problem: "only \(sent) of \(messages) messages were sent (see the log)")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(messages: messages, seconds: seconds)
    }
}
