import Contracts
import Domain
import Foundation
import Kafka
import Logging
import Postgres
import TestSupport
import Testing
import Timestamps

/// What the certification end-to-end tests add to a running system: the test clock, events
/// produced straight onto intake's topics (thousands of held certificates), a second replica, and
/// a run wrapper for a subset of the services.
extension RunningSystem {
    /// The settings that switch the certification service to the test clock (debug builds only).
    static let testClock = ["CERTIFICATION_TEST_CLOCK": "database"]

    /// Starts `names` with the test clock and `extra` settings, runs `scenario`, attaches the logs
    /// when it fails, and stops with SIGTERM (each service must exit cleanly).
    static func runCertification(_ names: [String], extra: [String: String] = [:],
                                 _ scenario: (RunningSystem) async throws -> Void) async throws {
        try await run(names, extraEnvironment: testClock.merging(extra) { _, new in new }, scenario)
    }

    /// Sets the certification service's clock to 12:00 Bangkok time on `day` (the scheduler's day
    /// begins at 07:00); the clock table's trigger wakes the scheduler.
    func setClock(_ day: String) async throws {
        let instant = CivilDate(day)!.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 12 * 3600)
        _ = try await query("UPDATE certification.test_clock SET now = \(instant)")
    }

    /// Produces events onto their (prefixed) topic as intake would publish them.
    func produce<Payload: EventPayload>(_ payloads: [Payload]) async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(
            client: KafkaConfiguration(bootstrapServers: kafkaBrokers, clientID: "e2e-producer")), logger: Logger(label: "e2e-producer"))
        let messages = try payloads.map { payload in
            KafkaOutgoingMessage(topic: topicPrefix + Payload.topic.name, key: Array(payload.aggregateID.utf8),
                                 value: try CloudEvent(payload, source: ServiceName.intake.eventSource,
                                                       correlationID: payload.aggregateID).encoded(),
                                 headers: [KafkaHeader(key: "content-type", value: Array(cloudEventsContentType.utf8))])
        }
        let results = await producer.send(messages)
        await producer.shutdown(timeout: .seconds(5))
        for result in results { _ = try result.get() }
    }

    /// Starts another process of `name` with the same settings (its own port, log folder and
    /// replica name), and waits until it is ready. The caller stops it.
    func startReplica(of name: String) async throws -> ServiceProcess {
        let original = services[name]!
        let logs = logDirectory.appendingPathComponent("replica-2")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        var environment = original.environment
        environment["HOSTNAME"] = "\(name)-replica-2"
        let replica = try ServiceProcess(name: name, binDirectory: try TestEnvironment.require("OTOP_BIN_DIR"),
                                         port: try freeLoopbackPort(), environment: environment, logDirectory: logs)
        let client = HTTPClient(base: "http://127.0.0.1:\(replica.port)")
        _ = try await eventually("the second \(name) to become ready", timeout: .seconds(90)) { () -> Bool? in
            guard replica.isRunning else { throw ProcessExited(name: name, log: replica.log()) }
            return try await client.send("GET", "/health/ready").status == 200 ? true : nil
        }
        return replica
    }

    /// Every reminder-due event on otop.certifications as (key, event id), however often the relay
    /// sent a copy.
    func reminderEvents() async throws -> [(key: String, id: UUID)] {
        try await allMessages(on: Topic.certifications.name).compactMap { message in
            guard let event = try? IncomingEvent(bytes: message.value), event.header.type == CertificationReminderDue.eventType else {
                return nil
            }
            let reminder = try event.decode(CertificationReminderDue.self)
            return ("\(reminder.data.certificateId.lowercased) \(reminder.data.kind.rawValue) \(reminder.data.daysBefore) \(reminder.data.dueDate)",
                    reminder.id)
        }
    }
}

/// A held Halal certificate valid until 2027-05-31 (renewal due and its 90-day reminder on 2027-03-02),
/// as intake publishes it.
func heldHalal(_ index: Int) -> HeldCertificateRegistered {
    HeldCertificateRegistered(registrationId: UUID(), enterpriseId: UUID(), productId: nil, standard: .halal,
                              number: "ฮ.ล. \(index)/2568", validFrom: "2025-06-01", validUntil: "2027-05-31",
                              registeredBy: Actor(role: .officer), registeredAt: Date(), productName: "สินค้า \(index)",
                              provinceCode: "TH-90")
}
