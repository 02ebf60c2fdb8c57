import Contracts
import Domain
import Foundation
import Kafka
import Messaging
import Postgres
import TestSupport
import Testing

@Suite("Inbox, dead letters and retries (real PostgreSQL and broker)")
struct InboxTests {
    private func message(_ event: CloudEvent<ContactsUpserted>, topic: String = "otop.contacts", offset: Int64) throws -> KafkaIncomingMessage {
        KafkaIncomingMessage(topic: topic, partition: 0, offset: offset, key: Array(event.data.aggregateID.utf8),
                             value: try event.encoded(), headers: [], timestamp: nil)
    }

    @Test("an event delivered twice, in one batch or in two, has one effect")
    func duplicatesHaveOneEffect() async throws {
        let f = try await MessagingFixture.make("dupes")
        let processor = try f.processor("dupes", handler: CountingHandler(schema: f.schema))
        let a = f.event(1), b = f.event(2)
        let first = try await processor.process([try message(a, offset: 0), try message(a, offset: 1), try message(b, offset: 2)])
        #expect(first.processed == 2)
        #expect(first.duplicates == 1)
        let again = try await processor.process([try message(b, offset: 2), try message(a, offset: 0)])
        #expect(again.processed == 0)
        #expect(again.duplicates == 2)
        #expect(try await f.effects() == [a.id: 1, b.id: 1])
        await f.tearDown()
    }

    @Test("a rejected or undecodable event is dead-lettered alone; the rest of the batch commits")
    func poisonIsolated() async throws {
        let f = try await MessagingFixture.make("poison")
        let processor = try f.processor("poison", handler: CountingHandler(schema: f.schema, rejectPartyName: "กลุ่มทดสอบ 2"))
        let good1 = f.event(1), rejected = f.event(2), good2 = f.event(3)
        let garbage = KafkaIncomingMessage(topic: "otop.contacts", partition: 0, offset: 1, key: nil,
                                           value: Array("{\"not\": \"a cloud event\"}".utf8), headers: [], timestamp: nil)
        let outcome = try await processor.process([try message(good1, offset: 0), garbage, try message(rejected, offset: 2),
                                                   try message(good2, offset: 3)])
        #expect(outcome.processed == 2)
        #expect(outcome.deadLetters.map(\.original.offset) == [1, 2])
        #expect(outcome.deadLetters[0].reason.contains("not a CloudEvents JSON envelope"))
        #expect(outcome.deadLetters[1].reason == "partyName กลุ่มทดสอบ 2 is not acceptable")
        #expect(try await f.effects() == [good1.id: 1, good2.id: 1])
        // A dead-lettered event leaves no inbox row: replayed after a fix, it is applied.
        let fixed = try f.processor("poison", handler: CountingHandler(schema: f.schema))
        #expect(try await fixed.process([try message(rejected, offset: 2)]).processed == 1)
        await f.tearDown()
    }

    @Test("tombstones reach the handler with the logical topic and key")
    func tombstones() async throws {
        let f = try await MessagingFixture.make("tombstone")
        let processor = try f.processor("tomb", handler: CountingHandler(schema: f.schema))
        let party = UUID().lowercased
        let tombstone = KafkaIncomingMessage(topic: f.naming.physical("otop.contacts"), partition: 0, offset: 0,
                                             key: Array(party.utf8), value: [], headers: [], timestamp: nil)
        #expect(try await processor.process([tombstone]).tombstones == 1)
        let erased = try await f.pool.query("SELECT party FROM \(identifier: f.schema).erased")
        #expect(try erased.map { try $0.decode(String.self, column: "party") } == [party])
        await f.tearDown()
    }

    @Test("a transient database failure is retried, never dead-lettered")
    func transientRetried() async throws {
        let f = try await MessagingFixture.make("transient")
        let failures = FailureBudget(2)
        let processor = try f.processor("transient", handler: FlakyHandler(inner: CountingHandler(schema: f.schema),
                                                                            failures: failures))
        let event = f.event(1)
        for _ in 0..<2 {
            await #expect(throws: PostgresError.self) { try await processor.process([try message(event, offset: 0)]) }
        }
        let outcome = try await processor.process([try message(event, offset: 0)])
        #expect(outcome.processed == 1)
        #expect(outcome.deadLetters.isEmpty)
        #expect(try await f.effects() == [event.id: 1], "the failed attempts rolled back")
        await f.tearDown()
    }

    @Test("through Kafka: duplicates have one effect, poison goes to the DLQ with reason and bytes, the next event is processed")
    func consumerEndToEnd() async throws {
        let f = try await MessagingFixture.make("consumer")
        let producer = try f.producer()
        try await f.ensure(["otop.contacts", "otop.contacts.dlq"])
        let consumer = try f.consumer("consumer", handler: CountingHandler(schema: f.schema, rejectPartyName: "กลุ่มทดสอบ 2"),
                                      producer: producer)
        let run = Task { try await consumer.run() }

        let good = f.event(1), rejected = f.event(2), after = f.event(3)
        let topic = f.naming.physical("otop.contacts")
        let party = good.data.partyId.lowercased
        // Same key for all, so they share a partition and keep this order.
        func out(_ value: [UInt8]) -> KafkaOutgoingMessage {
            KafkaOutgoingMessage(topic: topic, key: Array(party.utf8), value: value,
                                 headers: [KafkaHeader(key: "traceparent", value: Array("00-abc-def-01".utf8))])
        }
        let garbage = Array("ไม่ใช่ JSON".utf8)
        for result in await producer.send([out(try good.encoded()), out(try good.encoded()), out(garbage),
                                           out(try rejected.encoded()), out(try after.encoded())]) {
            _ = try result.get()
        }
        try await waitUntil("the events after the poison to be applied") { try await f.effects()[after.id] == 1 }
        #expect(try await f.effects() == [good.id: 1, after.id: 1])

        let letters = try await f.read("otop.contacts.dlq", atLeast: 2)
        #expect(letters.count == 2)
        let byValue = Dictionary(letters.map { ($0.value, $0) }, uniquingKeysWith: { a, _ in a })
        let garbageLetter = try #require(byValue[garbage])
        #expect(DeadLetter.header("consumer", of: garbageLetter) == "consumer")
        #expect(DeadLetter.header("original_topic", of: garbageLetter) == topic)
        #expect(DeadLetter.header("error", of: garbageLetter)?.contains("not a CloudEvents JSON envelope") == true)
        #expect(DeadLetter.header("failed_at", of: garbageLetter) != nil)
        #expect(DeadLetter.header("traceparent", of: garbageLetter) == "00-abc-def-01", "original headers are kept")
        #expect(garbageLetter.key == Array(party.utf8))
        let rejectedLetter = try #require(byValue[try rejected.encoded()])
        #expect(DeadLetter.header("error", of: rejectedLetter) == "partyName กลุ่มทดสอบ 2 is not acceptable")

        // Replay after a "fix": the replayed original goes back to its topic and is applied once.
        let replay = try #require(DeadLetter.replay(rejectedLetter))
        #expect(replay.topic == topic)
        #expect(replay.value == (try rejected.encoded()))
        #expect(!replay.headers.contains { $0.key == "error" })
        run.cancel()
        _ = try? await run.value
        await producer.shutdown(timeout: .seconds(5))
        await f.tearDown()
    }

    @Test("through Kafka: events larger than any producer of ours writes are dead-lettered with their start kept; the consumer goes on")
    func oversizedEventsDeadLettered() async throws {
        let f = try await MessagingFixture.make("oversized")
        // A foreign producer that allows 4 MB messages; ours keep librdkafka's 1,000,000 bytes.
        var foreign = f.client("msgtest-foreign-producer")
        foreign.properties["message.max.bytes"] = "4000000"
        let big = try KafkaProducerSupervisor(configuration: KafkaProducerConfiguration(client: foreign), logger: f.logger)
        let producer = try f.producer()
        try await f.ensure(["otop.contacts", "otop.contacts.dlq"])
        let consumer = try f.consumer("oversized", handler: CountingHandler(schema: f.schema), producer: producer)
        let run = Task { try await consumer.run() }

        let party = UUID()
        // A well-formed event with a 1.2 MB name (it would decode and apply), undecodable bytes of the same
        // size (its letter, whole, is more than the DLQ producer may send), then an ordinary event.
        var huge = f.event(1, party: party)
        huge.data.partyName = String(repeating: "ก", count: 400_000)
        let garbage = Array(repeating: UInt8(ascii: "x"), count: 1_200_000)
        let after = f.event(3, party: party)
        let key = Array(party.lowercased.utf8)
        let topic = f.naming.physical("otop.contacts")
        for result in await big.send([try huge.encoded(), garbage, try after.encoded()].map {
            KafkaOutgoingMessage(topic: topic, key: key, value: $0, headers: [])
        }) {
            _ = try result.get()
        }
        try await waitUntil("the event after the oversized ones to be applied") { try await f.effects()[after.id] == 1 }
        #expect(try await f.effects() == [after.id: 1], "the oversized event had no effect")

        let letters = try await f.read("otop.contacts.dlq", atLeast: 2)
        #expect(letters.count == 2)
        for (letter, size) in zip(letters.sorted { $0.offset < $1.offset }, [try huge.encoded().count, garbage.count]) {
            #expect(DeadLetter.header("error", of: letter)
                        == "event of \(size) bytes is larger than any producer of ours writes (\(InboxBatchProcessor.largestEvent) bytes)")
            #expect(DeadLetter.header("original_bytes", of: letter) == "\(size)")
            #expect(letter.value.count == DeadLetter.keptBytes, "the letter keeps the start of the original")
            #expect(DeadLetter.replay(letter) == nil, "a letter without its whole original cannot be replayed")
        }
        run.cancel()
        _ = try? await run.value
        await producer.shutdown(timeout: .seconds(5))
        await big.shutdown(timeout: .seconds(5))
        await f.tearDown()
    }
}

/// Fails with a transient database error a given number of times, then delegates.
struct FlakyHandler: EventHandler {
    let inner: CountingHandler
    let failures: FailureBudget

    func register(_ routes: inout EventRoutes) {
        routes.on(ContactsUpserted.self) { event, context in
            try await inner.apply(event, context)   // writes, then fails: the rollback must undo them
            if failures.take() {
                throw PostgresError(code: .connectionLost, message: "server closed the connection unexpectedly")
            }
        }
    }
}

final class FailureBudget: Sendable {
    private let remaining: Mutex<Int>
    init(_ n: Int) { remaining = Mutex(n) }
    func take() -> Bool { remaining.withLock { if $0 > 0 { $0 -= 1; return true }; return false } }
}

import Synchronization
