import ArgumentParser
import Foundation
import Kafka
import Messaging

/// `otopctl topics ensure|list`.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics", abstract: "Create and inspect the system's Kafka topics.",
        subcommands: [Ensure.self, List.self])

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
}
