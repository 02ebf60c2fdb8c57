import Contracts
import Foundation
import Logging
import Messaging
import Metrics
import Postgres

/// Delivers queued messages: `concurrency` lanes each take the next due message in its own
/// transaction (`FOR UPDATE SKIP LOCKED`, so lanes and replicas share the work), route it to its
/// channels when its recipient was not known at queueing time, compose it, send it on its channel,
/// and record the outcome in the same transaction. Woken by NOTIFY when messages are queued.
///
/// The row is committed before the send (by the handler that queued it) and its outcome after, with
/// the row lock held in between: a crash during a send leaves the message pending and it is sent
/// again (with the same Message-ID / LINE retry key / SMS reference: see docs/architecture.md).
struct DeliveryWorker: Worker {
    let configuration: DeliveryConfiguration
    let pool: PostgresPool
    let postgres: PostgresConfiguration
    let composer: MessageComposer
    let senders: [ContactChannel: any ChannelSender]
    let logger: Logger
    /// Where the sent/failed counters go (the process's metrics system; a recording one in tests).
    var metrics: any MetricsFactory = MetricsSystem.factory
    /// Where each pass's success or failure goes, for the probes (all lanes report to it).
    let progress = WorkerProgress()

    private var recorder: OutcomeRecorder { OutcomeRecorder(configuration: configuration, logger: logger, metrics: metrics) }

    /// `concurrency` lanes, woken when messages are queued.
    var settings: WorkerSettings {
        WorkerSettings(name: "delivery", notifications: .init(postgres: postgres, channels: [MessageStore.wakeChannel]),
                       lanes: configuration.concurrency, idleRecheck: configuration.idleRecheck)
    }

    /// Delivers one message; the next at once, or when the earliest pending one is due.
    func pass() async throws -> NextPass {
        if try await deliverOne() { return .now }
        guard let seconds = try await MessageStore.secondsUntilNextDue(on: pool) else { return .whenWoken }
        return .after(.milliseconds(Int64(max(0.05, seconds) * 1000)))
    }

    /// Handles the next due message; `false` when none is due.
    func deliverOne() async throws -> Bool {
        try await pool.withTransaction { connection in
            guard let row = try await MessageStore.claimNext(on: connection) else { return false }
            let message: QueuedMessage
            do {
                message = try QueuedMessage(row: row)
            } catch {
                // A row this version cannot read (an unknown template or facts): fail it instead of
                // retrying it for ever; its id is all that is sure.
                let id = try row.decode(UUID.self, column: "id")
                try await MessageStore.markFailed(id, reason: "the message row cannot be read: \(error)", on: connection)
                logger.error("unreadable message row failed", metadata: ["notification_id": "\(id)", "error": "\(error)"])
                return true
            }
            // The message continues the trace of the event that queued it: log lines and its event name it.
            try await TraceParent.$current.withValue(message.trace ?? .fresh()) {
                try await handle(message, on: connection)
            }
            return true
        }
    }

    private func handle(_ message: QueuedMessage, on connection: PostgresConnection) async throws {
        let recipient = try await RecipientStore.load(message.recipientPartyID, on: connection)
        if recipient == nil, try await RecipientStore.wasErased(message.recipientPartyID, on: connection) {
            // Nobody to send to, ever: fail now rather than wait for contacts that will not come.
            try await recorder.failed(message, channel: message.channel,
                                      reason: "the recipient's contact details were erased at the party's request (PDPA)",
                                      on: connection)
            return
        }
        guard let channel = message.channel else {
            guard let recipient else {
                try await waitForData(message, what: "the recipient's contacts", on: connection)
                return
            }
            try await MessageStore.route(message, recipient: recipient, on: connection)
            return
        }
        guard let recipient else {
            // Routed messages had their recipient; its contacts are gone since.
            try await recorder.failed(message, channel: channel, reason: "the recipient's contact details are gone", on: connection)
            return
        }
        switch try await composer.compose(message, channel: channel, recipient: recipient, on: connection) {
        case .waiting(let what):
            try await waitForData(message, what: what, on: connection)
        case .impossible(let reason):
            try await recorder.failed(message, channel: channel, reason: reason, on: connection)
        case .noAddressee:
            try await recorder.failed(message, channel: channel,
                                      reason: "no contact person takes \(channel.rawValue) for this message any more", on: connection)
        case .ready(let outgoing):
            guard let sender = senders[channel] else {
                try await recorder.failed(message, channel: channel, reason: "the \(channel.rawValue) channel is not configured",
                                          on: connection)
                return
            }
            do {
                try await sender.send(outgoing)
            } catch {
                try await recorder.attemptFailed(message, channel: channel, failure: error, on: connection)
                return
            }
            try await recorder.delivered(message, channel: channel, on: connection)
        }
    }

    /// Something the message needs has not arrived: look again later, or fail it once it is too old.
    private func waitForData(_ message: QueuedMessage, what: String, on connection: PostgresConnection) async throws {
        if message.age > configuration.waitForDataLimit {
            try await recorder.failed(message, channel: message.channel, reason: "\(what) never arrived", on: connection)
        } else {
            try await MessageStore.postpone(message.id, by: configuration.dataRecheck, on: connection)
        }
    }
}
