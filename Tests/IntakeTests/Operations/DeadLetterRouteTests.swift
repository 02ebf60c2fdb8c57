import Contracts
import Foundation
import HTTPTypes
@testable import IntakeService
import Kafka
import Logging
import Messaging
import TestSupport
import Testing

/// The operators' dead letters (docs/console.md, A12) against a private tansu broker: the counts
/// are the dead-letter topics' watermarks, and a frozen broker is a 503 within the deadline.
@Suite("Operations: dead letters per topic")
struct DeadLetterRouteTests {
    @Test("each business topic's dead-letter topic is counted; a frozen broker answers 503 with Retry-After at the deadline")
    func countsAndFrozenBroker() async throws {
        try await PrivateBroker.with { broker in
            var logger = Logger(label: "dead-letter-tests")
            logger.logLevel = .warning
            let configuration = KafkaConfiguration(bootstrapServers: broker.address, clientID: "dead-letter-tests")
            let naming = TopicNaming(prefix: "dl.")
            let admin = try KafkaAdmin(configuration: configuration, logger: logger, requestTimeout: .seconds(3))
            try await admin.ensureTopics(TopicPlan.specs(partitions: 1, replicationFactor: 1, prefix: naming.prefix), timeout: .seconds(30))
            let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: configuration), logger: logger)
            let letters = [(Topic.requests, 2), (Topic.matches, 1)].flatMap { topic, count in
                (0..<count).map { KafkaOutgoingMessage(topic: naming.physical(topic.deadLetter), key: nil, value: Array("letter \($0)".utf8)) }
            }
            // One at a time: tansu 0.6.0 answers a batch's high watermark wrong (docs/kafka.md).
            for letter in letters { _ = try await producer.send(letter) }
            await producer.shutdown(timeout: .seconds(5))

            try await RouteFixture.with(deadLetters: DeadLetterGauge(admin: admin, naming: naming)) { f in
                let operatorToken = try await f.token(.operator)
                let answer = try await f.call.send(.get, "/v1/operations/dead-letters", token: operatorToken)
                #expect(answer.status == .ok, "\(answer.text)")
                let view = try answer.decode(DeadLettersView.self)
                #expect(view.topics.map(\.topic) == Topic.allCases.map(\.name), "every business topic, by its logical name")
                #expect(view.topics.first { $0.topic == "otop.requests" }?.deadLetterTopic == "otop.requests.dlq")
                let held = Dictionary(uniqueKeysWithValues: view.topics.map { ($0.topic, $0.held) })
                #expect(held["otop.requests"] == 2 && held["otop.matches"] == 1 && held["otop.enterprises"] == 0, "\(held)")
                #expect(try await f.call.send(.get, "/v1/operations/dead-letters", token: try await f.token(.officer)).status == .forbidden)

                broker.pause()
                defer { broker.resume() }
                let started = ContinuousClock.now
                let frozen = try await f.call.send(.get, "/v1/operations/dead-letters", token: operatorToken)
                let waited = ContinuousClock.now - started
                #expect(frozen.status == .serviceUnavailable && frozen.headers[.retryAfter] == "5", "\(frozen.text)")
                // Without the deadline the admin client's requests would run on (3 s each, one per topic).
                #expect(waited < .seconds(10), "answered after \(waited)")
            }
            broker.resume()
            await admin.shutdown()
        }
    }
}
