import ArgumentParser
import Contracts
import Domain
import Foundation
import Kafka
import Messaging

/// `otopctl tail TOPIC...`: follows topics and prints one line per event (or the raw JSON).
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Print the events on one or more topics as they arrive.")

    @Argument(help: "Topic names, e.g. otop.requests otop.matches (default: every business topic).")
    var topics: [String] = []

    @Flag(help: "Start from the oldest retained event instead of new ones.")
    var fromBeginning = false

    @Flag(help: "Print each message's JSON value instead of a summary line.")
    var json = false

    @Option(help: "Stop after this many messages.")
    var max: Int?

    @Option(help: "Stop after this many seconds without a message.")
    var idleTimeout: Double?

    func run() async throws {
        let names = (topics.isEmpty ? Topic.allCases.map(\.name) : topics).map(CommandEnvironment.naming.physical)
        var configuration = KafkaConsumerConfiguration(
            client: try CommandEnvironment.kafka(clientID: "otopctl-tail"),
            groupID: "otopctl.tail.\(UUID().lowercased)", topics: names)
        configuration.autoOffsetReset = fromBeginning ? .earliest : .latest
        let consumer = try KafkaConsumer(configuration: configuration, logger: CommandEnvironment.logger)
        var printed = 0
        var lastMessage = ContinuousClock.now
        while max.map({ printed < $0 }) ?? true {
            let batch = try await consumer.nextBatch()
            if batch.isEmpty {
                if let idleTimeout, ContinuousClock.now - lastMessage > .milliseconds(Int64(idleTimeout * 1000)) { break }
                continue
            }
            lastMessage = .now
            for message in batch {
                print(json ? String(decoding: message.value, as: UTF8.self) : EventLine.describe(message))
                printed += 1
                if let max, printed >= max { break }
            }
        }
        await consumer.close()
    }
}

/// One summary line per message: time, topic[partition]@offset, type, subject, id.
enum EventLine {
    static func describe(_ message: KafkaIncomingMessage) -> String {
        let place = "\(message.topic)[\(message.partition)]@\(message.offset)"
        let key = message.key.map { String(decoding: $0, as: UTF8.self) } ?? "-"
        if message.value.isEmpty { return "\(place)  tombstone  key=\(key)" }
        guard let event = try? IncomingEvent(bytes: message.value) else {
            let error = message.headers.first { $0.key == "error" }?.value.map { String(decoding: $0, as: UTF8.self) }
            return "\(place)  undecodable  key=\(key)" + (error.map { "  error=\($0)" } ?? "")
        }
        let h = event.header
        return "\(RFC3339.string(from: h.time))  \(place)  \(h.type)  \(h.subject ?? "-")  id=\(h.id.lowercased)"
    }
}
