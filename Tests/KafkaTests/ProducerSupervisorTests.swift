import Kafka
import TestSupport
import Testing

/// The supervisor replaces a producer that failed for good (librdkafka's mock cluster; the fence
/// tansu raises after a long stall is tested against a private tansu in MessagingTests).
@Suite("Producer supervisor")
struct ProducerSupervisorTests {
    private func supervisor(_ cluster: KafkaMockCluster, _ name: String, metrics: TestMetricsFactory? = nil,
                            policy: KafkaProducerSupervisor.ReplacementPolicy = .init()) throws -> KafkaProducerSupervisor {
        var client = mockClient(cluster, name)
        client.metricsFactory = metrics
        return try KafkaProducerSupervisor(configuration: KafkaProducerConfiguration(client: client), policy: policy,
                                           logger: testLogger(name))
    }

    @Test("a fatal error replaces the producer at once: the next send is delivered, the replacement is counted and logged")
    func fatalErrorIsReplaced() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("supervised")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let metrics = TestMetricsFactory()
        let producer = try supervisor(cluster, "supervised-producer", metrics: metrics)
        _ = try await producer.send(numberedMessages(topic: topic, count: 1)[0])
        #expect(producer.replacements == 0)

        producer.simulateFatalErrorForTesting(reason: "kafka-tests: fatal")
        // The fatal error event replaces the producer as it arrives, without waiting for a send.
        try await waitUntil("the fatal error to be noticed and the producer replaced", timeout: .seconds(10)) {
            producer.replacements == 1
        }
        #expect(producer.health.problem == nil, "a working producer is in place: \(producer.health.problem ?? "")")
        #expect(producer.health.failingSince == nil, "one failure cured by one replacement is not a failing streak")
        #expect(metrics.value("otop_kafka_producer_replacements_total", ["client_id": "supervised-producer"]) == 1)

        let results = await producer.send(numberedMessages(topic: topic, count: 20, from: 1))
        for result in results { _ = try result.get() }
        await producer.shutdown(timeout: .seconds(2))
    }

    @Test("sends in flight when the producer fails end with an error that says why, and sending them again delivers them")
    func failedInFlightAreResent() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("inflight")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let producer = try supervisor(cluster, "inflight-producer")
        // The broker is down: the batch waits in librdkafka's queue, then the producer fails.
        cluster.setBrokerDown(-1)
        let messages = numberedMessages(topic: topic, count: 50)
        async let inFlight = producer.send(messages)
        try await Task.sleep(for: .milliseconds(200))
        producer.simulateFatalErrorForTesting(reason: "kafka-tests: fatal while sending")
        let first = await inFlight
        #expect(first.allSatisfy { if case .failure = $0 { true } else { false } }, "nothing was delivered while the broker was down")
        cluster.setBrokerUp(-1)

        try await waitUntil("the replacement", timeout: .seconds(10)) { producer.replacements == 1 }
        let again = await producer.send(messages)
        for result in again { _ = try result.get() }
        await producer.shutdown(timeout: .seconds(2))
    }

    @Test("a replacement that fails again before it settled waits the backoff: no producer meanwhile (a named problem), then a new one")
    func repeatedFailureBacksOff() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("backoff")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        var policy = KafkaProducerSupervisor.ReplacementPolicy()
        // The backoff is the window in which the test sees "no producer": long enough that a stall of
        // the loaded test machine (seconds, now and then) cannot hide it behind the second replacement.
        policy.firstDelay = .seconds(8)
        // The second failure must come "before the replacement settled" however slowly this loaded
        // machine schedules the test: a replacement counts as cured only after a long quiet run.
        policy.settleAfter = .seconds(600)
        let producer = try supervisor(cluster, "backoff-producer", policy: policy)

        producer.simulateFatalErrorForTesting(reason: "kafka-tests: first")
        try await waitUntil("the first replacement", timeout: .seconds(10)) { producer.replacements == 1 }
        producer.simulateFatalErrorForTesting(reason: "kafka-tests: second")
        try await waitUntil("the second failure to be noticed", timeout: .seconds(10)) { producer.health.problem != nil }
        let health = producer.health
        #expect(health.problem?.contains("2 failed for good in a row") == true, "\(health.problem ?? "")")
        #expect(health.problem?.contains("kafka-tests: second") == true, "the problem names the error: \(health.problem ?? "")")
        #expect(health.failingSince != nil, "replacing did not help: a failing streak")
        #expect(producer.replacements == 1, "the second replacement waits the backoff")
        let refused = await producer.send(numberedMessages(topic: topic, count: 1))
        guard case .failure(let error) = refused[0] else {
            Issue.record("a send without a producer must fail")
            return
        }
        #expect(error.isRetriable && error.message.contains("the next is created in"), "\(error)")

        try await waitUntil("the second replacement after the backoff", timeout: .seconds(20)) { producer.replacements == 2 }
        #expect(producer.health.problem == nil)
        for result in await producer.send(numberedMessages(topic: topic, count: 5)) { _ = try result.get() }
        #expect(producer.health.failingSince == nil, "a delivery by the replacement ends the streak")
        await producer.shutdown(timeout: .seconds(2))
    }

    @Test("after shutdown nothing is replaced and sends fail with _DESTROY")
    func shutdownStopsReplacing() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("closed")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let producer = try supervisor(cluster, "closed-producer")
        await producer.shutdown(timeout: .seconds(2))
        let results = await producer.send(numberedMessages(topic: topic, count: 1))
        guard case .failure(let error) = results[0] else {
            Issue.record("a send after shutdown must fail")
            return
        }
        #expect(error.code == .clientClosed)
        #expect(producer.health.problem?.contains("shut down") == true)
        #expect(producer.replacements == 0)
    }
}
