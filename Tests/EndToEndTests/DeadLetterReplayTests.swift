import Foundation
import Kafka
import Logging
import TestSupport
import Testing

/// `otopctl dlq replay` against the real intake and broker. A replay re-publishes the letters that
/// failed before it started; a replayed event that fails again is a new letter, left for the next run
/// (before, the command replayed its own new letters as they arrived: replaying an unfixable letter
/// fed itself for ever, a letter storm on the topic and its dead-letter twin). `--consumer` and
/// `--reason` replay only what a fix addressed, in a consumer group of their own.
@Suite("otopctl dlq replay against the real intake", .serialized)
struct DeadLetterReplayTests {
    @Test("a replay ends: letters that fail again wait for the next run; --reason replays only the letters it names")
    func replayIsBounded() async throws {
        try await RunningSystem.run(["intake"]) { system in
            let tool = try Tool(system)
            // Two events intake's timeline consumer dead-letters, for two reasons.
            let producer = try KafkaProducerSupervisor(
                configuration: KafkaProducerConfiguration(client: KafkaConfiguration(bootstrapServers: system.kafkaBrokers,
                                                                                     clientID: "e2e-poison")),
                logger: Logger(label: "e2e-poison"))
            let topic = system.topicPrefix + "otop.matches"
            let results = await producer.send([
                KafkaOutgoingMessage(topic: topic, key: Array("k".utf8), value: Array("not json".utf8), headers: []),
                KafkaOutgoingMessage(topic: topic, key: Array("k".utf8), value: Array(#"{"specversion": "1.0"}"#.utf8), headers: []),
            ])
            await producer.shutdown(timeout: .seconds(5))
            for result in results { _ = try result.get() }
            _ = try await system.messages(on: "otop.matches.dlq", atLeast: 2, timeout: .seconds(60))

            let selected = try await tool.run(["dlq", "replay", "otop.matches", "--consumer", "intake.timeline",
                                               "--reason", "not valid JSON", "--idle-timeout", "8"])
            #expect(selected.status == 0, "\(selected.output)")
            #expect(selected.output.contains("replayed 1 dead letter(s)") && selected.output.contains("passed over 1 not selected"),
                    "only the letter the reason names is replayed: \(selected.output)")
            // The replayed event fails again: a third letter, which that run did not replay.
            _ = try await system.messages(on: "otop.matches.dlq", atLeast: 3, timeout: .seconds(60))

            let all = try await tool.run(["dlq", "replay", "otop.matches", "--idle-timeout", "8"])
            #expect(all.status == 0, "\(all.output)")
            #expect(all.output.contains("replayed 3 dead letter(s)"), "every letter that failed before the run: \(all.output)")
            let letters = try await system.messages(on: "otop.matches.dlq", atLeast: 6, timeout: .seconds(60))
            #expect(letters.count == 6, "each replayed letter failed once more, and nothing was replayed twice")

            let again = try await tool.run(["dlq", "replay", "otop.matches", "--idle-timeout", "8"])
            #expect(again.output.contains("replayed 3 dead letter(s)"), "the next run replays the three new letters only: \(again.output)")
        }
    }
}
