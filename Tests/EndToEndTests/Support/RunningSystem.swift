import Domain
import Foundation
import Kafka
import Logging
import Postgres
import TestSupport
import Testing

/// The real services started as separate processes against the real PostgreSQL (a database of
/// their own), the real broker (topics under a prefix of their own) and the real SMTP server.
final class RunningSystem: @unchecked Sendable {
    // @unchecked: mutated only by the test that owns it, sequentially.
    let services: [String: ServiceProcess]
    let databaseName: String
    let topicPrefix: String
    /// Unique to this run: put it in e-mail addresses to find this run's mail in the shared maildir.
    var tag: String { String(databaseName.dropFirst("otop_e2e_".count)) }
    let operatorToken: String
    let maildir: String
    let kafkaBrokers: String
    let adminDatabaseURL: String
    /// The URL the services use: the system's own database.
    let databaseURL: String
    let logDirectory: URL

    var intake: HTTPClient { HTTPClient(base: "http://127.0.0.1:\(services["intake"]!.port)") }

    /// Starts `names` against the shared broker (`KAFKA_BROKERS`), or against `brokers` (a
    /// ``PrivateBroker`` a test may pause).
    /// - Parameter extraEnvironment: settings a test needs on top of the common ones (short response
    ///   windows, a test clock, stand-in endpoints ...); they win over the common ones.
    static func start(_ names: [String] = ["intake", "matching", "certification", "notifications"],
                      brokers: String? = nil, extraEnvironment: [String: String] = [:]) async throws -> RunningSystem {
        let bin = try TestEnvironment.require("OTOP_BIN_DIR")
        let databaseURL = try TestEnvironment.require("DATABASE_URL")
        let brokers = try brokers ?? TestEnvironment.require("KAFKA_BROKERS")
        let maildir = try TestEnvironment.require("OTOP_MAILDIR")
        let smtpPort = try TestEnvironment.require("SMTP_PORT")
        let suffix = UUID().lowercased.prefix(8)
        let database = "otop_e2e_\(suffix)"
        try await Self.admin(databaseURL) { try await $0.execute("CREATE DATABASE \(identifier: database)") }
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("otop-e2e-\(suffix)")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let token = "e2e-operator-\(UUID().uuidString)"
        var base = try PostgresConfiguration(url: databaseURL)
        base.database = database
        let systemDatabaseURL = "postgresql://\(base.user)@\(base.host):\(base.port)/\(database)"
        let common = [
            "DATABASE_URL": systemDatabaseURL,
            "KAFKA_BROKERS": brokers,
            "KAFKA_TOPIC_PREFIX": "e2e-\(suffix).",
            "KAFKA_TOPIC_PARTITIONS": "3",
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtpPort, "SMTP_FROM": "no-reply@otop-sti.test",
            "INTAKE_OPERATOR_TOKEN": token,
            "LOG_LEVEL": "info",
            "KAFKA_STATISTICS_INTERVAL_MS": "5000",
        ]
        let environment = common.merging(extraEnvironment) { _, extra in extra }
        var services: [String: ServiceProcess] = [:]
        for name in names {
            services[name] = try ServiceProcess(name: name, binDirectory: bin, port: try freeLoopbackPort(),
                                                environment: environment, logDirectory: logs)
        }
        let system = RunningSystem(services: services, databaseName: database, topicPrefix: "e2e-\(suffix).",
                                   operatorToken: token, maildir: maildir, kafkaBrokers: brokers,
                                   adminDatabaseURL: databaseURL, databaseURL: systemDatabaseURL, logDirectory: logs)
        do {
            for service in services.values { try await Self.awaitReady(service) }
        } catch {
            await system.stop()
            throw error
        }
        return system
    }

    private static func awaitReady(_ service: ServiceProcess) async throws {
        let client = HTTPClient(base: "http://127.0.0.1:\(service.port)")
        _ = try await eventually("\(service.name) to become ready", timeout: .seconds(90)) { () -> Bool? in
            guard service.isRunning else { throw ProcessExited(name: service.name, log: service.log()) }
            return try await client.send("GET", "/health/ready").status == 200 ? true : nil
        }
    }

    /// Sends `signal` to one service (SIGKILL: a crash, nothing is flushed or committed) and waits
    /// until its process is gone.
    func kill(_ name: String, signal: Int32 = SIGKILL) async throws {
        try await services[name]!.kill(signal: signal)
    }

    /// Starts a killed service again with the same environment, port and log file, and waits until
    /// it is ready.
    func restart(_ name: String) async throws {
        let service = services[name]!
        try service.restart()
        try await Self.awaitReady(service)
    }

    /// One more process of `name` (a second replica) on the system's database, topics and SMTP server,
    /// with its own port and log file; ready when this returns. The caller stops it.
    func startReplica(_ name: String, extraEnvironment: [String: String] = [:]) async throws -> ServiceProcess {
        var database = try PostgresConfiguration(url: adminDatabaseURL)
        database.database = databaseName
        let environment = [
            "DATABASE_URL": "postgresql://\(database.user)@\(database.host):\(database.port)/\(databaseName)",
            "KAFKA_BROKERS": kafkaBrokers, "KAFKA_TOPIC_PREFIX": topicPrefix, "KAFKA_TOPIC_PARTITIONS": "3",
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": try TestEnvironment.require("SMTP_PORT"), "SMTP_FROM": "no-reply@otop-sti.test",
            "LOG_LEVEL": "info",
        ].merging(extraEnvironment) { _, extra in extra }
        let logs = logDirectory.appendingPathComponent("replica-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let replica = try ServiceProcess(name: name, binDirectory: try TestEnvironment.require("OTOP_BIN_DIR"),
                                         port: try freeLoopbackPort(), environment: environment, logDirectory: logs)
        do {
            try await Self.awaitReady(replica)
        } catch {
            replica.kill9()
            throw error
        }
        return replica
    }

    private init(services: [String: ServiceProcess], databaseName: String, topicPrefix: String, operatorToken: String,
                 maildir: String, kafkaBrokers: String, adminDatabaseURL: String, databaseURL: String, logDirectory: URL) {
        self.services = services
        self.databaseName = databaseName
        self.topicPrefix = topicPrefix
        self.operatorToken = operatorToken
        self.maildir = maildir
        self.kafkaBrokers = kafkaBrokers
        self.adminDatabaseURL = adminDatabaseURL
        self.databaseURL = databaseURL
        self.logDirectory = logDirectory
    }

    /// SIGTERM to every service; returns each one's exit status (nil: did not exit within 10 s).
    @discardableResult
    func stop() async -> [String: Int32?] {
        var statuses: [String: Int32?] = [:]
        await withTaskGroup(of: (String, Int32?).self) { group in
            for (name, service) in services {
                group.addTask { (name, (try? await service.terminate(timeout: .seconds(10))) ?? nil) }
            }
            for await (name, status) in group { statuses[name] = status }
        }
        for service in services.values where service.isRunning { service.kill9() }
        try? await Self.admin(adminDatabaseURL) {
            try await $0.execute("DROP DATABASE IF EXISTS \(identifier: databaseName) WITH (FORCE)")
        }
        await deleteTopics()
        return statuses
    }

    /// Deletes every topic under this run's prefix (the services created them at start-up), so test
    /// runs leave nothing behind on the shared broker.
    private func deleteTopics() async {
        do {
            let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: kafkaBrokers, clientID: "e2e-admin"),
                                       logger: Logger(label: "e2e-admin"))
            do {
                try await admin.deleteTopics(withPrefix: topicPrefix, timeout: .seconds(30))
            } catch {
                await admin.shutdown()
                throw error
            }
            await admin.shutdown()
        } catch {
            Issue.record("could not delete the run's topics under \(topicPrefix): \(error)")
        }
    }

    /// The topics under this run's prefix still on the broker.
    func remainingTopics() async throws -> [String] {
        let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: kafkaBrokers, clientID: "e2e-admin"),
                                   logger: Logger(label: "e2e-admin"))
        do {
            let names = try await admin.topics().map(\.name).filter { $0.hasPrefix(topicPrefix) }
            await admin.shutdown()
            return names
        } catch {
            await admin.shutdown()
            throw error
        }
    }

    /// Starts `names` (all four services by default), runs `scenario` on them, and stops them with SIGTERM. When the scenario fails
    /// the services' logs are attached to the failure; when it passes, each service must have
    /// exited cleanly (status 0) within 10 s of SIGTERM.
    static func run(_ names: [String] = ["intake", "matching", "certification", "notifications"], brokers: String? = nil,
                    extraEnvironment: [String: String] = [:], _ scenario: (RunningSystem) async throws -> Void) async throws {
        let system = try await RunningSystem.start(names, brokers: brokers, extraEnvironment: extraEnvironment)
        do {
            try await scenario(system)
        } catch {
            Issue.record("service logs:\n\(system.logs())")
            await system.stop()
            throw error
        }
        for (name, status) in await system.stop() {
            #expect(status == 0, "\(name) must exit cleanly within 10 s of SIGTERM, also after a restart (status \(String(describing: status)))")
        }
        _ = try await eventually("the run's topics under \(system.topicPrefix) to be deleted", timeout: .seconds(30)) { () -> Bool? in
            try await system.remainingTopics().isEmpty ? true : nil
        }
    }

    /// All service logs, for a failing test's report.
    func logs() -> String {
        services.values.map { "----- \($0.name) -----\n\($0.log().suffix(6000))" }.joined(separator: "\n")
    }

    /// Every message currently on a (prefixed) topic, read from the beginning by a fresh group.
    func messages(on topic: String, atLeast count: Int, timeout: Duration = .seconds(30)) async throws -> [KafkaIncomingMessage] {
        try await messages(on: topic, timeout: timeout, "\(count) message(s) on \(topic)") { $0.count >= count }
    }

    /// The whole (prefixed) topic as it is now: read from the beginning until every partition's
    /// high watermark, so copies a relay sent twice are all there.
    func allMessages(on topic: String, timeout: Duration = .seconds(30)) async throws -> [KafkaIncomingMessage] {
        let physical = topicPrefix + topic
        let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: kafkaBrokers, clientID: "e2e-admin"),
                                   logger: Logger(label: "e2e-admin"))
        var ends: [Int32: Int64] = [:]
        do {
            let partitions = try await admin.topics().first { $0.name == physical }?.partitions ?? []
            for partition in partitions {
                ends[partition] = try await admin.watermarks(topic: physical, partition: partition).high
            }
        } catch {
            await admin.shutdown()
            throw error
        }
        await admin.shutdown()
        #expect(!ends.isEmpty, "topic \(physical) exists")
        return try await messages(on: topic, timeout: timeout, "\(topic) up to its end \(ends)") { received in
            var next: [Int32: Int64] = [:]
            for message in received { next[message.partition] = max(next[message.partition] ?? 0, message.offset + 1) }
            return ends.allSatisfy { partition, end in next[partition] ?? 0 >= end }
        }
    }

    private func messages(on topic: String, timeout: Duration, _ what: String,
                          until done: ([KafkaIncomingMessage]) -> Bool) async throws -> [KafkaIncomingMessage] {
        var configuration = KafkaConsumerConfiguration(
            client: KafkaConfiguration(bootstrapServers: kafkaBrokers, clientID: "e2e-reader"),
            groupID: "e2e-reader-\(UUID().uuidString)", topics: [topicPrefix + topic])
        configuration.autoOffsetReset = .earliest
        configuration.sessionTimeout = .seconds(6)
        let consumer = try KafkaConsumer(configuration: configuration, logger: Logger(label: "e2e-reader"))
        var received: [KafkaIncomingMessage] = []
        do {
            _ = try await eventually(what, timeout: timeout, pollEvery: .milliseconds(1)) { () -> Bool? in
                received += try await consumer.nextBatch()
                return done(received) ? true : nil
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
        return received
    }

    /// A count from the system's own database (`SELECT count(*)::int8 AS n ...`).
    func count(_ sql: String) async throws -> Int64 {
        var configuration = try PostgresConfiguration(url: adminDatabaseURL)
        configuration.database = databaseName
        let connection = try await PostgresConnection.connect(configuration: configuration, logger: Logger(label: "e2e-db"))
        defer { Task { await connection.close() } }
        let rows = try await connection.query(PostgresQuery(sql: sql))
        return try rows.first?.decode(Int64.self, column: "n") ?? 0
    }

    /// Rows from the system's own database.
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let connection = try await connect()
        do {
            let rows = try await connection.query(query)
            await connection.close()
            return rows
        } catch {
            await connection.close()
            throw error
        }
    }

    /// A connection of the test's own to the system's database (the caller closes it).
    func connect() async throws -> PostgresConnection {
        var configuration = try PostgresConfiguration(url: adminDatabaseURL)
        configuration.database = databaseName
        return try await PostgresConnection.connect(configuration: configuration, logger: Logger(label: "e2e-db"))
    }

    static func admin(_ url: String, _ body: (PostgresConnection) async throws -> Void) async throws {
        let connection = try await PostgresConnection.connect(configuration: try PostgresConfiguration(url: url),
                                                              logger: Logger(label: "e2e-admin"))
        do { try await body(connection) } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }
}

struct ProcessExited: Error, CustomStringConvertible {
    let name: String
    let log: String
    var description: String { "\(name) exited during startup:\n\(log.suffix(4000))" }
}
