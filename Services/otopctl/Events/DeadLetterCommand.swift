import ArgumentParser
import Contracts
import Foundation
import Kafka
import Messaging

/// `otopctl dlq list|replay TOPIC`: inspect dead letters and re-publish them after a fix.
struct DeadLetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq", abstract: "Inspect and replay dead-lettered events.", subcommands: [List.self, Replay.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the dead letters of a topic with their reasons.")

        @Argument(help: "The business topic (e.g. otop.requests) or its .dlq topic.")
        var topic: String

        @Option(help: "Stop after this many seconds without a message.")
        var idleTimeout: Double = 5

        func run() async throws {
            let dlq = CommandEnvironment.naming.physical(topic.hasSuffix(".dlq") ? topic : DeadLetter.topic(for: topic))
            var configuration = KafkaConsumerConfiguration(
                client: try CommandEnvironment.kafka(clientID: "otopctl-dlq"),
                groupID: "otopctl.dlq-list.\(UUID().uuidString.lowercased())", topics: [dlq])
            configuration.autoOffsetReset = .earliest
            let consumer = try KafkaConsumer(configuration: configuration, logger: CommandEnvironment.logger)
            var last = ContinuousClock.now
            while ContinuousClock.now - last < .milliseconds(Int64(idleTimeout * 1000)) {
                let batch = try await consumer.nextBatch()
                if !batch.isEmpty { last = .now }
                for m in batch {
                    let field = { (name: String) in DeadLetter.header(name, of: m) ?? "-" }
                    print("\(m.topic)@\(m.offset)  from=\(field("original_topic"))[\(field("original_partition"))]@\(field("original_offset"))"
                          + "  consumer=\(field("consumer"))  failed_at=\(field("failed_at"))  error=\(field("error"))")
                }
            }
            await consumer.close()
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-publish dead letters to the topics they came from (original bytes, key and headers).",
            discussion: "Replays use the consumer group otopctl.dlq-replay.<dlq topic>: a letter is replayed once, "
                + "even when the command runs again. Consumers that already applied an event skip it (inbox).")

        @Argument(help: "The business topic (e.g. otop.requests) or its .dlq topic.")
        var topic: String

        @Option(help: "Stop after this many seconds without a message.")
        var idleTimeout: Double = 5

        func run() async throws {
            let dlq = CommandEnvironment.naming.physical(topic.hasSuffix(".dlq") ? topic : DeadLetter.topic(for: topic))
            let kafka = try CommandEnvironment.kafka(clientID: "otopctl-dlq-replay")
            var configuration = KafkaConsumerConfiguration(client: kafka, groupID: "otopctl.dlq-replay.\(dlq)", topics: [dlq])
            configuration.autoOffsetReset = .earliest
            let consumer = try KafkaConsumer(configuration: configuration, logger: CommandEnvironment.logger)
            let producer = try KafkaProducerSupervisor(configuration: KafkaProducerConfiguration(client: kafka),
                                                       logger: CommandEnvironment.logger)
            var replayed = 0, skipped = 0
            var last = ContinuousClock.now
            while ContinuousClock.now - last < .milliseconds(Int64(idleTimeout * 1000)) {
                let batch = try await consumer.nextBatch()
                guard !batch.isEmpty else { continue }
                last = .now
                let messages = batch.compactMap { DeadLetter.replay($0) }
                skipped += batch.count - messages.count
                try await publish(messages, on: producer)
                replayed += messages.count
                try consumer.storeOffsets(for: batch)
                try await consumer.commit()
            }
            await consumer.close()
            await producer.shutdown(timeout: .seconds(5))
            print("replayed \(replayed) dead letter(s) from \(dlq)" + (skipped > 0 ? ", skipped \(skipped) that cannot be replayed (no original_topic, or an original too large to keep whole)" : ""))
        }

        /// Sends `messages` in order; what fails with a retriable error, or because the producer failed
        /// for good (the supervisor replaces it), is sent again from the first failure on, for up to
        /// `retryFor`. A message may then reach its topic twice; consumers' inboxes drop the copy.
        private func publish(_ messages: [KafkaOutgoingMessage], on producer: KafkaProducerSupervisor,
                             retryFor: Duration = .seconds(60)) async throws {
            let deadline = ContinuousClock.now + retryFor
            var pending = messages[...]
            var attempt = 0
            while !pending.isEmpty {
                let results = await producer.send(Array(pending))
                let delivered = results.prefix { if case .success = $0 { true } else { false } }.count
                pending = pending.dropFirst(delivered)
                guard delivered < results.count, case .failure(let error) = results[delivered] else { return }
                guard error.isRetriable || error.requiresNewProducer, ContinuousClock.now < deadline else {
                    throw CommandError("replay failed, nothing marked as replayed: \(error)")
                }
                attempt += 1
                try await Task.sleep(for: .milliseconds(min(5000, 100 << min(attempt, 6))))
            }
        }
    }
}
