import Foundation
import Logging
import Synchronization

/// Writes one JSON object per line to standard output: `ts`, `level`, `service`, `instance`,
/// `msg`, `source`, then metadata. Metadata under keys that name personal data (``PersonalData``)
/// is replaced by `[redacted]`, a last line of defence: code must not log such values at all.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let service: String
    private let instance: String
    private let sink: LogSink

    public init(label: String, service: String, instance: String, level: Logger.Level, sink: LogSink = .standardOutput) {
        self.label = label
        self.service = service
        self.instance = instance
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        if let error = event.error, merged["error"] == nil { merged["error"] = "\(error)" }

        var line = "{"
        line += "\"ts\":" + JSONText.quoted(Self.timestamp())
        line += ",\"level\":" + JSONText.quoted(event.level.rawValue)
        line += ",\"service\":" + JSONText.quoted(service)
        line += ",\"instance\":" + JSONText.quoted(instance)
        line += ",\"logger\":" + JSONText.quoted(label)
        line += ",\"msg\":" + JSONText.quoted(event.message.description)
        for key in merged.keys.sorted() where !["ts", "level", "service", "instance", "logger", "msg"].contains(key) {
            let value = PersonalData.isPersonal(key: key) ? "[redacted]" : Self.render(merged[key]!)
            line += "," + JSONText.quoted(key) + ":" + JSONText.quoted(value)
        }
        line += "}\n"
        sink.write(line)
    }

    private static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        case .array(let a): "[" + a.map(render).joined(separator: ", ") + "]"
        case .dictionary(let d): "{" + d.keys.sorted().map { "\($0): \(render(d[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    private static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

/// Where log lines go: standard output in services, a buffer in tests.
public final class LogSink: Sendable {
    private let lines = Mutex<[String]>([])
    private let capturing: Bool

    private init(capturing: Bool) {
        self.capturing = capturing
    }

    public static let standardOutput = LogSink(capturing: false)

    /// A sink that keeps lines in memory (tests).
    public static func capturing() -> LogSink { LogSink(capturing: true) }

    public func write(_ line: String) {
        if capturing {
            lines.withLock { $0.append(line) }
        } else {
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }

    /// Captured lines (empty for standard output).
    public var captured: [String] { lines.withLock { $0 } }
}

/// Metadata keys whose values are personal data under the PDPA.
public enum PersonalData {
    static let markers = ["phone", "email", "idnumber", "id_number", "citizenid", "citizen_id", "nationalid",
                          "national_id", "lineuserid", "line_user_id", "password", "token", "authorization"]

    /// Answers already given, by key. Keys come from code, so there are few; this runs for every key
    /// of every log line, and the substring search (Foundation's, on Linux) cost a few percent of a
    /// request's CPU in intake before the answers were remembered.
    private static let answers = Mutex<[String: Bool]>([:])

    /// `true` when a metadata key names personal data or a secret.
    public static func isPersonal(key: String) -> Bool {
        if let known = answers.withLock({ $0[key] }) { return known }
        let k = key.lowercased()
        let personal = markers.contains { k.contains($0) }
        answers.withLock { answers in
            if answers.count < 4096 { answers[key] = personal }
        }
        return personal
    }
}

/// Minimal JSON string quoting.
enum JSONText {
    static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
