import Foundation
import Logging
import ServiceRuntime
import Testing

@Suite("JSON logs")
struct JSONLogHandlerTests {
    private func log(_ body: (Logger) -> Void) throws -> [String: String] {
        let sink = LogSink.capturing()
        let logger = Logger(label: "otop.test") { label in
            JSONLogHandler(label: label, service: "intake", instance: "intake-0", level: .info, sink: sink)
        }
        body(logger)
        let line = try #require(sink.captured.first)
        #expect(line.hasSuffix("\n"))
        #expect(sink.captured.count == 1)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
    }

    @Test("one JSON object per line with time, level, service, message and metadata")
    func shape() throws {
        let object = try log { $0.info("request submitted", metadata: ["request_id": "r-1", "quote": "a \"b\"\nc"]) }
        #expect(object["level"] == "info")
        #expect(object["service"] == "intake")
        #expect(object["instance"] == "intake-0")
        #expect(object["msg"] == "request submitted")
        #expect(object["request_id"] == "r-1")
        #expect(object["quote"] == "a \"b\"\nc")
        #expect(object["ts"]?.hasSuffix("Z") == true)
    }

    @Test("metadata that names personal data or secrets is redacted")
    func redaction() throws {
        let object = try log {
            $0.warning("contact updated", metadata: ["phone": "+66812345678", "contact_email": "somsri@example.org",
                                                      "id_number": "1234567890121", "authorization": "Bearer x",
                                                      "party_id": "p-1"])
        }
        #expect(object["phone"] == "[redacted]")
        #expect(object["contact_email"] == "[redacted]")
        #expect(object["id_number"] == "[redacted]")
        #expect(object["authorization"] == "[redacted]")
        #expect(object["party_id"] == "p-1")
        #expect(!object.values.contains { $0.contains("0812345678") || $0.contains("somsri@") })
    }

    @Test("levels below the handler's are dropped by the logger")
    func levels() {
        let sink = LogSink.capturing()
        let logger = Logger(label: "otop.test") { JSONLogHandler(label: $0, service: "s", instance: "i", level: .warning, sink: sink) }
        logger.info("hidden")
        logger.error("shown")
        #expect(sink.captured.count == 1)
        #expect(sink.captured.first?.contains("\"msg\":\"shown\"") == true)
    }
}
