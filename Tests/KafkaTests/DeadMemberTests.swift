import Foundation
import Kafka
import TestSupport
import Testing

/// A replica that dies without leaving its group (SIGKILL, or a close the coordinator did not
/// answer before the process exited), against a private tansu broker. The coordinator rebalances
/// and waits for every member it knows to join again, up to the group's rebalance timeout (the
/// members' `max.poll.interval.ms`); librdkafka's default, 5 minutes, kept the surviving matching
/// replica out of its group for that long in the chaos run (issue 17).
@Suite("Kafka: a member that dies without leaving")
struct DeadMemberTests {
    @Test("the surviving member takes over the dead member's partitions within a minute, not librdkafka's 5-minute rebalance timeout")
    func survivorTakesOver() async throws {
        try await PrivateBroker.with { broker in
            let client = KafkaConfiguration(bootstrapServers: broker.address, clientID: "dead-member")
            let topic = uniqueName("dead-member")
            let admin = try KafkaAdmin(configuration: client, logger: testLogger("admin"))
            try await admin.ensureTopics([KafkaTopicSpec(name: topic, partitions: 2)], timeout: .seconds(20))
            await admin.shutdown()
            let group = uniqueName("group")
            let configuration = consumerConfiguration(client, group: group, topics: [topic])
            let survivor = try KafkaConsumer(configuration: configuration, logger: testLogger("survivor"))
            let seen = Recorder<KafkaIncomingMessage>()
            let stop = Flag()
            let reading = Task { try await RebalanceTests.runMember(survivor, seen: seen, stop: stop) }

            // The other member: kcat, joined with the same consumer settings, then killed.
            let other = try Self.kcatMember(broker: broker.address, group: group, topic: topic, configuration: configuration)
            defer { if other.isRunning { kill(other.processIdentifier, SIGKILL) } }
            try await waitUntil("the survivor and kcat to share the partitions", timeout: .seconds(120), pollEvery: .milliseconds(200)) {
                survivor.assignment.count == 1
            }
            kill(other.processIdentifier, SIGKILL)
            other.waitUntilExit()

            let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: testLogger("producer"))
            for result in await producer.send(numberedMessages(topic: topic, count: 20)) { _ = try result.get() }
            await producer.shutdown(timeout: .seconds(5))
            let started = ContinuousClock.now
            let partitions = try await eventually("the survivor to read both partitions", timeout: .seconds(60),
                                                  pollEvery: .milliseconds(200)) { () -> Set<Int32>? in
                let read = Set(seen.all.filter { $0.topic == topic }.map(\.partition))
                return read.count == 2 ? read : nil
            }
            #expect(partitions == [0, 1], "read after \(ContinuousClock.now - started)")
            stop.set()
            try await reading.value
        }
    }

    /// Starts `kcat -G` as a member of `group` with the consumer settings of `configuration`.
    static func kcatMember(broker: String, group: String, topic: String,
                           configuration: KafkaConsumerConfiguration) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        let shared = ["session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "partition.assignment.strategy",
                      "auto.offset.reset", "broker.address.family"]
        let properties = configuration.librdkafkaProperties.filter { shared.contains($0.key) }.sorted { $0.key < $1.key }
        process.arguments = ["-q", "-b", broker, "-G", group] + properties.flatMap { ["-X", "\($0.key)=\($0.value)"] } + [topic]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
