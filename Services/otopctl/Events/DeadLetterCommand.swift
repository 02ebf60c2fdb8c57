import ArgumentParser
import Contracts
import Domain
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
                groupID: "otopctl.dlq-list.\(UUID().lowercased)", topics: [dlq])
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
            discussion: "Replays the letters that failed before the command started, and no later ones: a replayed "
                + "event that fails again is dead-lettered again, and is replayed by the next run, not by this one. "
                + "Replays use the consumer group otopctl.dlq-replay.<dlq topic> (with --consumer or --reason, a group of "
                + "that selection): a letter is replayed once, even when the command runs again. Consumers that already "
                + "applied an event skip it (inbox).")

        @Argument(help: "The business topic (e.g. otop.requests) or its .dlq topic.")
        var topic: String

        @Option(help: "Stop after this many seconds without a message.")
        var idleTimeout: Double = 5

        @Option(help: "Replay only letters this consumer dead-lettered (e.g. certification.tracker).")
        var consumer: String?

        @Option(help: "Replay only letters whose error contains this text (what the fix addressed).")
        var reason: String?

        func run() async throws {
            let dlq = CommandEnvironment.naming.physical(topic.hasSuffix(".dlq") ? topic : DeadLetter.topic(for: topic))
            let kafka = try CommandEnvironment.kafka(clientID: "otopctl-dlq-replay")
            // failed_at has whole seconds: a letter of the start's second counts as new (left for the next run).
            let started = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            var configuration = KafkaConsumerConfiguration(client: kafka, groupID: groupID(dlq), topics: [dlq])
            configuration.autoOffsetReset = .earliest
            // Runs of the replay follow one another in one group, one member at a time: this run leaves
            // the group when done, so the next run is given the partitions at once instead of after the
            // session timeout (no other member is rebalancing, so tansu's leader problem cannot arise).
            configuration.leavesGroupOnClose = true
            let consumer = try KafkaConsumer(configuration: configuration, logger: CommandEnvironment.logger)
            let producer = try KafkaProducerSupervisor(configuration: KafkaProducerConfiguration(client: kafka),
                                                       logger: CommandEnvironment.logger)
            var replayed = 0, skipped = 0, passed = 0
            // Partitions where a letter that failed after the start showed up: what follows there is this
            // run's own replays failing again, left (offsets not stored) for the next run.
            var reachedNew = Set<Int32>()
            var last = ContinuousClock.now
            while ContinuousClock.now - last < .milliseconds(Int64(idleTimeout * 1000)) {
                let fetched = try await consumer.nextBatch()
                guard !fetched.isEmpty else { continue }
                last = .now
                var batch: [KafkaIncomingMessage] = []
                for letter in fetched where !reachedNew.contains(letter.partition) {
                    if Self.failedAt(letter).map({ $0 >= started }) == true {
                        reachedNew.insert(letter.partition)
                    } else {
                        batch.append(letter)
                    }
                }
                let chosen = batch.filter(selected)
                passed += batch.count - chosen.count
                let messages = chosen.compactMap { DeadLetter.replay($0) }
                skipped += chosen.count - messages.count
                try await publish(messages, on: producer)
                replayed += messages.count
                try consumer.storeOffsets(for: batch)
                try await consumer.commit()
            }
            await consumer.close()
            await producer.shutdown(timeout: .seconds(5))
            print("replayed \(replayed) dead letter(s) from \(dlq)"
                  + (skipped > 0 ? ", skipped \(skipped) that cannot be replayed (no original_topic, or an original too large to keep whole)" : "")
                  + (passed > 0 ? ", passed over \(passed) not selected" : ""))
        }

        /// When the letter failed (`failed_at`, whole seconds).
        private static func failedAt(_ letter: KafkaIncomingMessage) -> Date? {
            DeadLetter.header("failed_at", of: letter).flatMap { ISO8601DateFormatter().date(from: $0) }
        }

        /// Whether a letter matches `--consumer` and `--reason`.
        private func selected(_ letter: KafkaIncomingMessage) -> Bool {
            if let consumer, DeadLetter.header("consumer", of: letter) != consumer { return false }
            if let reason, DeadLetter.header("error", of: letter)?.contains(reason) != true { return false }
            return true
        }

        /// One group per selection, so replaying some letters leaves the others to a later run.
        private func groupID(_ dlq: String) -> String {
            var group = "otopctl.dlq-replay.\(dlq)"
            if let consumer { group += ".consumer=\(consumer)" }
            if let reason {
                // FNV-1a of the text: a stable, short group name for any reason text.
                let hash = reason.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
                group += ".reason=\(String(hash, radix: 16))"
            }
            return group
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
