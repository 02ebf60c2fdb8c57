import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Metrics
import Postgres
import SMTP
import ServiceLifecycle

/// Sends pending messages: one transaction per message holds its row (`FOR UPDATE SKIP LOCKED`, so
/// replicas share the work), renders it once the recipient's contacts and the request are known,
/// sends it, and records the outcome with a `NotificationDelivered` / `NotificationFailed` event in
/// the same commit. Transient SMTP failures are retried with backoff; permanent ones fail the
/// message. Each e-mail carries a stable Message-ID (the message id), so in the narrow window where
/// the process dies after the SMTP server accepted a message but before the commit, the resent copy
/// is recognisable as the same message by the receiving side.
struct DeliveryWorker: Service {
    struct Configuration: Sendable {
        var from: EmailAddress
        /// Give up on a message whose recipient or request never became known.
        var waitForDataLimit: TimeInterval = 2 * 24 * 3600
        var maxAttempts = 8
        var retry = RetryPolicy(initialDelay: .seconds(5), maximumDelay: .seconds(1800))
        var idleRecheck: Duration = .seconds(30)
    }

    let configuration: Configuration
    let pool: PostgresPool
    let postgres: PostgresConfiguration
    let mailer: any Mailer
    let logger: Logger
    /// Where the sent/failed counters go (the process's metrics system; a recording one in tests).
    var metrics: any MetricsFactory = MetricsSystem.factory
    let renderer = MessageRenderer()

    func run() async throws {
        let listener = PostgresListener(configuration: postgres, channels: [NotificationHandler.wakeChannel], logger: logger)
        let wakeups = WakeupSignal()
        let stopping = ShutdownFlag()
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in listener.events() { wakeups.signal() } }
                group.addTask { try await self.loop(wakeups: wakeups, stopping: stopping) }
                try await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            stopping.set()
            wakeups.signal()
        }
        await listener.close()
    }

    private func loop(wakeups: WakeupSignal, stopping: ShutdownFlag) async throws {
        var failures = 0
        while !stopping.isSet && !Task.isCancelled {
            do {
                if try await deliverOne() {
                    failures = 0
                    continue
                }
                failures = 0
                await wakeups.wait(timeout: try await untilNextDue())
            } catch {
                failures += 1
                logger.warning("delivery pass failed; retrying", metadata: ["error": "\(error)"])
                await wakeups.wait(timeout: RetryPolicy().delay(attempt: failures))
            }
        }
    }

    /// How long until the earliest pending message is due (at most `idleRecheck`).
    private func untilNextDue() async throws -> Duration {
        let rows = try await pool.query("""
            SELECT EXTRACT(EPOCH FROM (min(next_attempt_at) - now()))::float8 AS wait
            FROM notifications.messages WHERE status = 'pending'
            """)
        guard let seconds = try rows.first?.decode(Double?.self, column: "wait") else { return configuration.idleRecheck }
        return .milliseconds(Int64(max(0.05, min(seconds, 30)) * 1000))
    }

    /// Handles the next due message; `false` when none is due.
    func deliverOne() async throws -> Bool {
        try await pool.withTransaction { connection in
            let rows = try await connection.query("""
                SELECT m.id, m.template, m.cause_event_id, m.recipient_party_id, m.recipient_kind, m.request_id,
                       m.params, m.attempts, m.traceparent, EXTRACT(EPOCH FROM (now() - m.created_at))::float8 AS age
                FROM notifications.messages m
                WHERE m.status = 'pending' AND m.next_attempt_at <= now()
                ORDER BY m.next_attempt_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            guard let row = rows.first else { return false }
            let message = try PendingMessage(row: row)
            // The message continues the trace of the event that queued it: log lines and its event name it.
            try await TraceParent.$current.withValue(message.trace ?? .fresh()) {
                try await deliver(message, age: try row.decode(Double.self, column: "age"), on: connection)
            }
            return true
        }
    }

    private func deliver(_ message: PendingMessage, age: Double, on connection: PostgresConnection) async throws {
        var messageLogger = logger
        messageLogger[metadataKey: "notification_id"] = "\(message.id)"
        messageLogger[metadataKey: "template"] = "\(message.template.rawValue)"
        guard let recipient = try await Recipient.load(message.recipientPartyID, on: connection),
              let request = try await loadRequest(message.requestID, on: connection)
        else {
            if try await Recipient.wasErased(message.recipientPartyID, on: connection) {
                // Nobody to send to, ever: fail now rather than wait for contacts that will not come.
                try await fail(message, reason: "the recipient's contact details were erased at the party's request (PDPA)",
                               channel: nil, on: connection)
            } else if age > configuration.waitForDataLimit {
                try await fail(message, reason: "recipient contacts or request details never arrived", channel: nil, on: connection)
            } else {
                try await connection.execute("""
                    UPDATE notifications.messages SET next_attempt_at = now() + interval '30 seconds' WHERE id = \(message.id)
                    """)
            }
            return
        }
        let emailContacts = recipient.contacts.filter { $0.email != nil && $0.channels.contains(.email) }
        guard !emailContacts.isEmpty else {
            try await fail(message, reason: "no contact person of the recipient accepts e-mail (SMS and LINE are not connected yet)",
                           channel: nil, on: connection)
            return
        }
        let language = emailContacts[0].language
        let rendered = renderer.render(message.template, partyName: recipient.partyName, language: language,
                                       request: request, params: message.params)
        let email = EmailMessage(
            from: configuration.from,
            to: emailContacts.map { EmailAddress($0.email!, name: $0.name) },
            subject: rendered.subject, textBody: rendered.text, htmlBody: nil,
            messageID: "\(message.id.uuidString.lowercased())@otop-sti.local", date: Date(),
            extraHeaders: [("X-OTOP-Template", message.template.rawValue), ("X-OTOP-Request", request.reference)])
        let sendError: SMTPError?
        do {
            try await mailer.send(email)
            sendError = nil
        } catch {
            sendError = error
        }
        if let error = sendError {
            let attempts = message.attempts + 1
            if error.isPermanent || attempts >= configuration.maxAttempts {
                try await fail(message, reason: "\(error)", channel: .email, on: connection)
            } else {
                let delay = configuration.retry.ceiling(attempt: attempts)
                try await connection.execute("""
                    UPDATE notifications.messages
                    SET attempts = \(attempts), last_error = \(error.description),
                        next_attempt_at = now() + make_interval(secs => \(Double(delay.components.seconds)))
                    WHERE id = \(message.id)
                    """)
                messageLogger.warning("e-mail not accepted; will retry", metadata: ["error": "\(error)", "attempts": "\(attempts)"])
            }
            return
        }
        try await connection.execute("""
            UPDATE notifications.messages SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL
            WHERE id = \(message.id)
            """)
        let delivered = NotificationDelivered(
            notificationId: message.id, template: message.template.rawValue, channel: .email,
            recipientPartyId: message.recipientPartyID, recipientPartyKind: message.recipientKind, requestId: message.requestID,
            causeEventId: message.causeEventID, deliveredAt: Date())
        try await message.events.emit(delivered, on: connection)
        Counter(label: "otop_notifications_sent_total", dimensions: [("template", message.template.rawValue), ("channel", "email")],
                factory: metrics).increment()
        messageLogger.info("e-mail delivered", metadata: ["recipients": "\(emailContacts.count)"])
    }

    private func fail(_ message: PendingMessage, reason: String, channel: ContactChannel?, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE notifications.messages SET status = 'failed', attempts = attempts + 1, last_error = \(reason)
            WHERE id = \(message.id)
            """)
        let failed = NotificationFailed(
            notificationId: message.id, template: message.template.rawValue, channel: channel,
            recipientPartyId: message.recipientPartyID, recipientPartyKind: message.recipientKind, requestId: message.requestID,
            causeEventId: message.causeEventID, reason: reason, attempts: message.attempts + 1, failedAt: Date())
        try await message.events.emit(failed, on: connection)
        Counter(label: "otop_notifications_failed_total", dimensions: [("template", message.template.rawValue)],
                factory: metrics).increment()
        logger.error("notification failed", metadata: ["notification_id": "\(message.id)", "reason": "\(reason)"])
    }

    private func loadRequest(_ id: UUID?, on connection: PostgresConnection) async throws -> RequestSummary? {
        guard let id else { return nil }
        let rows = try await connection.query("""
            SELECT reference, product_name, product_type, service_areas, target_standard, province_code, description, submitted_at
            FROM notifications.requests WHERE id = \(id)
            """)
        guard let row = rows.first else { return nil }
        return RequestSummary(
            reference: try row.decode(String.self, column: "reference"),
            productName: try row.decode(String.self, column: "product_name"),
            productType: ProductType(rawValue: try row.decode(String.self, column: "product_type")) ?? .food,
            serviceAreas: try row.decode([String].self, column: "service_areas").compactMap(ServiceArea.init(rawValue:)),
            targetStandard: try row.decode(String?.self, column: "target_standard").flatMap(StandardCode.init(rawValue:)),
            provinceCode: try row.decode(String.self, column: "province_code"),
            description: try row.decode(String.self, column: "description"),
            submittedAt: try row.decode(Date.self, column: "submitted_at"))
    }
}

/// A message row being delivered.
struct PendingMessage: Sendable {
    var id: UUID
    var template: MessageTemplate
    var causeEventID: UUID
    var recipientPartyID: UUID
    var recipientKind: PartyKind
    var requestID: UUID?
    var params: MessageParams
    var attempts: Int
    /// The trace of the event that queued it; `nil` for messages queued before traces were kept.
    var trace: TraceParent?

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        let templateName = try row.decode(String.self, column: "template")
        guard let template = MessageTemplate(rawValue: templateName) else {
            throw PostgresError(code: .decoding, message: "unknown template \(templateName)", column: "template")
        }
        self.template = template
        causeEventID = try row.decode(UUID.self, column: "cause_event_id")
        recipientPartyID = try row.decode(UUID.self, column: "recipient_party_id")
        recipientKind = PartyKind(rawValue: try row.decode(String.self, column: "recipient_kind")) ?? .enterprise
        requestID = try row.decode(UUID?.self, column: "request_id")
        params = try row.decodeJSON(MessageParams.self, column: "params", decoder: EventCoding.decoder)
        attempts = try row.decode(Int.self, column: "attempts")
        if let header = try row.decode(String?.self, column: "traceparent") {
            guard let trace = TraceParent(header) else {
                throw PostgresError(code: .decoding, message: "invalid traceparent \(header)", column: "traceparent")
            }
            self.trace = trace
        }
    }

    /// Emits the message's delivered/failed event: caused by the event that queued it, correlated
    /// with its request, in its trace (current while it is delivered).
    var events: EventEmitter {
        EventEmitter(service: .notifications, schema: NotificationsService.schema, causationID: causeEventID,
                     correlationID: requestID?.uuidString.lowercased())
    }
}

/// A party's contact persons as notifications holds them.
struct Recipient: Sendable {
    var partyName: String
    var contacts: [ContactPerson]

    /// Whether the party's contact persons were erased (and none arrived since).
    static func wasErased(_ party: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await !connection.query("SELECT 1 AS erased FROM notifications.erased_parties WHERE party_id = \(party)").isEmpty
    }

    static func load(_ party: UUID, on connection: PostgresConnection) async throws -> Recipient? {
        let rows = try await connection.query("SELECT party_name, contacts FROM notifications.recipients WHERE party_id = \(party)")
        guard let row = rows.first else { return nil }
        return Recipient(partyName: try row.decode(String.self, column: "party_name"),
                         contacts: try row.decodeJSON([ContactPerson].self, column: "contacts"))
    }
}

/// Sends e-mail (the SMTP client in production; a recording fake in unit tests).
protocol Mailer: Sendable {
    func send(_ message: EmailMessage) async throws(SMTPError)
}

extension SMTPClient: Mailer {}
