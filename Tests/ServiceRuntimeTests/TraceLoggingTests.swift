import Contracts
import Foundation
import Logging
import Messaging
import ServiceRuntime
import Testing

@Suite("Trace ids in JSON logs")
struct TraceLoggingTests {
    private func lines(_ body: (Logger) async -> Void) async throws -> [[String: String]] {
        let sink = LogSink.capturing()
        // What JSONLogHandler.bootstrap gives every logger of a service process.
        let logger = Logger(label: "otop.test") { label in
            var handler = JSONLogHandler(label: label, service: "matching", instance: "matching-0", level: .info, sink: sink)
            handler.metadataProvider = .trace
            return handler
        }
        await body(logger)
        return try sink.captured.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]) }
    }

    @Test("a line written while a trace is current names its trace id and span id; other lines name none")
    func traceOnLines() async throws {
        let trace = try #require(TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        let objects = try await lines { logger in
            logger.info("before")
            await TraceParent.$current.withValue(trace) {
                logger.info("during", metadata: ["request_id": "r-1"])
                // Child tasks inherit the trace.
                await Task { logger.info("in a child task") }.value
            }
            logger.info("after")
        }
        #expect(objects.map { $0["msg"] } == ["before", "during", "in a child task", "after"])
        #expect(objects[0]["trace_id"] == nil)
        #expect(objects[1]["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(objects[1]["span_id"] == "00f067aa0ba902b7")
        #expect(objects[1]["request_id"] == "r-1")
        #expect(objects[2]["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(objects[3]["trace_id"] == nil)
    }
}
