import Contracts
import Foundation
import Kafka
import Messaging
import Synchronization

/// How many dead letters each business topic's dead-letter topic holds (docs/console.md, A12), read
/// from the broker with an admin client of its own (so a slow broker never holds up the health
/// checks' client): per topic, the sum over its dead-letter topic's partitions of high − low
/// watermark. The whole reading has ``deadline``; past it the broker counts as unavailable.
public struct DeadLetterGauge: Sendable {
    /// What one business topic's dead-letter topic holds.
    struct Held: Codable, Sendable, Equatable {
        var topic: String
        var deadLetterTopic: String
        var held: Int64
    }

    /// The broker did not answer within the deadline, or failed.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    let admin: KafkaAdmin
    /// The prefix the broker's names carry (`KAFKA_TOPIC_PREFIX`); answers name the logical topics.
    let naming: TopicNaming
    let deadline: Duration

    /// A gauge asking the broker through `admin` (whose request timeout should not exceed
    /// `deadline`), about the topics `naming` gives their broker names.
    public init(admin: KafkaAdmin, naming: TopicNaming, deadline: Duration = .seconds(3)) {
        self.admin = admin
        self.naming = naming
        self.deadline = deadline
    }

    /// Every business topic with its dead-letter topic's count, in the catalogue's order. A
    /// dead-letter topic the broker does not list (not created yet) holds none.
    func held() async throws(Unavailable) -> [Held] {
        let admin = admin, naming = naming
        let reading = Task {
            let partitions = Dictionary(try await admin.topics().map { ($0.name, $0.partitions) }, uniquingKeysWith: { first, _ in first })
            var counts: [Held] = []
            for topic in Topic.allCases {
                var held: Int64 = 0
                for partition in partitions[naming.physical(topic.deadLetter)] ?? [] {
                    let marks = try await admin.watermarks(topic: naming.physical(topic.deadLetter), partition: partition)
                    held += max(0, marks.high - marks.low)
                }
                counts.append(Held(topic: topic.name, deadLetterTopic: topic.deadLetter, held: held))
            }
            return counts
        }
        // The admin client's requests block its thread and cannot be cancelled: the answer does not
        // wait for them past the deadline (the client's own request timeout ends them soon after).
        let outcome = await Self.first(of: reading, within: deadline)
        switch outcome {
        case .none: throw Unavailable(description: "the broker did not answer within \(deadline)")
        case .some(.failure(let error)): throw Unavailable(description: "the broker failed: \(error)")
        case .some(.success(let counts)): return counts
        }
    }

    /// `task`'s result, or `nil` when `deadline` passes first.
    private static func first<T: Sendable>(of task: Task<T, any Error>, within deadline: Duration) async -> Result<T, any Error>? {
        await withCheckedContinuation { continuation in
            let answer = Answer(continuation)
            Task { answer.give(await task.result) }
            Task {
                try? await Task.sleep(for: deadline)
                answer.give(nil)
            }
        }
    }

    /// A continuation resumed once, by whichever comes first.
    private final class Answer<T: Sendable>: Sendable {
        private let continuation: Mutex<CheckedContinuation<T?, Never>?>

        init(_ continuation: CheckedContinuation<T?, Never>) {
            self.continuation = Mutex(continuation)
        }

        func give(_ value: T?) {
            continuation.withLock { $0.take() }?.resume(returning: value)
        }
    }
}
