import Kafka
import TestSupport
import Testing

@Suite("Rebalance")
struct RebalanceTests {
    /// Reads batches into `seen` and stores their offsets until `stop` is set, then closes.
    static func runMember(_ consumer: KafkaConsumer, seen: Recorder<KafkaIncomingMessage>, stop: Flag) async throws {
        while !stop.isSet {
            let batch = try await consumer.nextBatch()
            guard !batch.isEmpty else { continue }
            seen.append(contentsOf: batch)
            try consumer.storeOffsets(for: batch)
        }
        await consumer.close()
    }

    @Test("close() leaves the group: the coordinator rebalances the other member at once, not after the session timeout")
    func closeLeavesGroupPromptly() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("leave")
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        let group = uniqueName("group")
        func member(_ name: String) throws -> KafkaConsumer {
            var client = mockClient(cluster, name)
            client.properties["heartbeat.interval.ms"] = "500"
            var configuration = consumerConfiguration(client, group: group, topics: [topic])
            configuration.sessionTimeout = .seconds(30)
            configuration.leavesGroupOnClose = true
            return try KafkaConsumer(configuration: configuration, logger: testLogger(name))
        }
        let seenByA = Recorder<KafkaIncomingMessage>(), seenByB = Recorder<KafkaIncomingMessage>()
        let stopA = Flag(), stopB = Flag()
        let consumerA = try member("leave-a"), consumerB = try member("leave-b")
        let taskA = Task { try await Self.runMember(consumerA, seen: seenByA, stop: stopA) }
        let taskB = Task { try await Self.runMember(consumerB, seen: seenByB, stop: stopB) }
        // A bound for the setup, not the property under test (that is the 25 s below): once, in a
        // full parallel run on 2 cores, the two members had not settled after 60 s.
        do {
            try await waitUntil("A and B to share the partitions", timeout: .seconds(120)) {
                consumerA.assignment.count == 1 && consumerB.assignment.count == 1
            }
        } catch {
            Issue.record("assignments when giving up: A \(consumerA.assignment), B \(consumerB.assignment)")
            throw error
        }
        let sharedAssignment = consumerB.assignment
        let closing = ContinuousClock.now
        stopA.set()
        try await taskA.value
        // B's partitions are revoked for the rebalance at its next heartbeat. Had A not sent
        // LeaveGroup, nothing would happen until A's 30 s session expired.
        // The bound stays clear of the 30 s session (what a missing LeaveGroup would take) and leaves
        // room for a loaded 2-core machine (one full-suite run needed more than 10 s).
        try await waitUntil("B to be rebalanced", timeout: .seconds(25)) { consumerB.assignment != sharedAssignment }
        let rebalancedAfter = ContinuousClock.now - closing
        #expect(rebalancedAfter < .seconds(25), "took \(rebalancedAfter)")
        stopB.set()
        try await taskB.value
    }

    @Test("a member joining and another leaving mid-stream lose nothing; committed offsets cover everything processed")
    func rebalanceWithoutLoss() async throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        let topic = uniqueName("rebalance")
        let partitions: Int32 = 6
        try cluster.createTopic(topic, partitions: partitions, replicationFactor: 3)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: mockClient(cluster, "rebalance-producer")),
            logger: testLogger("producer"))
        // The stream comes in two halves: the first before B joins, the second while A and B share it.
        let count = 600, half = 300
        for result in await producer.send(numberedMessages(topic: topic, count: half, keys: 60)) { _ = try result.get() }

        let group = uniqueName("group")
        func member(_ name: String) throws -> KafkaConsumer {
            try KafkaConsumer(configuration: consumerConfiguration(mockClient(cluster, name), group: group,
                                                                   topics: [topic], maxBatchSize: 20),
                              logger: testLogger(name))
        }
        let seenByA = Recorder<KafkaIncomingMessage>(), seenByB = Recorder<KafkaIncomingMessage>()
        let stopA = Flag(), stopB = Flag()

        // A alone reads part of the stream, batch by batch.
        let consumerA = try member("member-a")
        let taskA = Task { try await Self.runMember(consumerA, seen: seenByA, stop: stopA) }
        try await waitUntil("A to process 150 messages") { seenByA.count >= 150 }

        // B joins mid-stream; wait until the group has split the partitions between A and B.
        let consumerB = try member("member-b")
        let taskB = Task { try await Self.runMember(consumerB, seen: seenByB, stop: stopB) }
        try await waitUntil("A and B to share the partitions") {
            let a = consumerA.assignment, b = consumerB.assignment
            return !a.isEmpty && !b.isEmpty && a.count + b.count == Int(partitions)
        }
        for result in await producer.send(numberedMessages(topic: topic, count: half, keys: 60, from: half)) {
            _ = try result.get()
        }

        // A leaves; B takes every partition.
        stopA.set()
        try await taskA.value
        try await waitUntil("B to own every partition") { consumerB.assignment.count == Int(partitions) }

        // B reads up to a marker at the end of every partition, so it has read (and stored) everything.
        let markers = (0..<partitions).map {
            KafkaOutgoingMessage(topic: topic, partition: $0, key: nil, value: Array("end-of-stream".utf8))
        }
        for result in await producer.send(markers) { _ = try result.get() }
        try await waitUntil("B to read every end marker") {
            seenByB.all.filter { $0.value == Array("end-of-stream".utf8) }.count == Int(partitions)
        }
        stopB.set()
        try await taskB.value

        let handled = Set((seenByA.all + seenByB.all).compactMap(\.number))
        #expect(handled == Set(0..<count), "lost: \(Set(0..<count).subtracting(handled).sorted().prefix(20))")
        #expect(seenByB.all.contains { ($0.number ?? -1) >= half }, "B must have processed part of the second half")

        // A fresh member finds nothing left but new messages.
        let fresh = (0..<partitions).map {
            KafkaOutgoingMessage(topic: topic, partition: $0, key: nil, value: Array("after-close".utf8))
        }
        for result in await producer.send(fresh) { _ = try result.get() }
        await producer.shutdown(timeout: .seconds(5))
        let consumerC = try member("member-c")
        let readByC = try await consume(consumerC) { read in
            read.filter { $0.value == Array("after-close".utf8) }.count == Int(partitions)
        }
        await consumerC.close()
        let leftovers = readByC.filter { $0.value != Array("after-close".utf8) }
        #expect(leftovers.isEmpty, "already processed messages read again: \(leftovers.map { "\($0.partition)@\($0.offset)" })")
    }
}
