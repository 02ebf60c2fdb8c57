import ArgumentParser
import Foundation
import Kafka
import Messaging

/// `otopctl topics ensure|list|delete`.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics", abstract: "Create and inspect the system's Kafka topics.",
        subcommands: [Ensure.self, List.self, Delete.self])

    struct Ensure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create every otop.* topic and its dead-letter twin (existing ones are left as they are).")

        @Option(help: "Partitions per business topic.")
        var partitions: Int32 = Int32(ProcessInfo.processInfo.environment["KAFKA_TOPIC_PARTITIONS"] ?? "") ?? 6

        @Option(help: "Replication factor (-1: the broker's default).")
        var replicationFactor: Int16 = Int16(ProcessInfo.processInfo.environment["KAFKA_REPLICATION_FACTOR"] ?? "") ?? -1

        func run() async throws {
            let admin = try KafkaAdmin(configuration: try CommandEnvironment.kafka(), logger: CommandEnvironment.logger)
            let specs = TopicPlan.specs(partitions: partitions, replicationFactor: replicationFactor,
                                        prefix: CommandEnvironment.naming.prefix)
            try await admin.ensureTopics(specs, timeout: .seconds(30))
            await admin.shutdown()
            for spec in specs { print("ok  \(spec.name)  partitions=\(spec.partitions)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List topics with their partition counts.")

        func run() async throws {
            let admin = try KafkaAdmin(configuration: try CommandEnvironment.kafka(), logger: CommandEnvironment.logger)
            let topics = try await admin.topics()
            await admin.shutdown()
            for topic in topics.sorted(by: { $0.name < $1.name }) {
                print("\(topic.name)  partitions=\(topic.partitions.count)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete every topic whose name starts with a prefix (a test run's or a benchmark's topics).")

        @Option(help: "The prefix, e.g. 'bench-1a2b3c4d.' (required: an empty prefix would name every topic).")
        var prefix: String

        func run() async throws {
            guard !prefix.isEmpty else { throw CommandError("--prefix must not be empty") }
            let admin = try KafkaAdmin(configuration: try CommandEnvironment.kafka(), logger: CommandEnvironment.logger)
            do {
                let deleted = try await admin.deleteTopics(withPrefix: prefix, timeout: .seconds(30))
                await admin.shutdown()
                for name in deleted { print("deleted  \(name)") }
            } catch {
                await admin.shutdown()
                throw error
            }
        }
    }
}
