import Foundation

/// Decodes a stored message with Python's standard `email` package (an implementation independent
/// of ours), so that the integration tests check what a real mail client library reads.
enum PythonEmailParser {
    struct Mailbox: Decodable, Equatable {
        var name: String
        var address: String
    }

    /// What Python makes of a message.
    struct Parsed: Decodable {
        var subject: String
        var from: [Mailbox]
        var to: [Mailbox]
        var messageID: String
        var date: Double
        var contentType: String
        var text: String
        var html: String?
        var eventID: String?
        var envelopeRecipients: String?
        var defects: [String]
        var maxLineLength: Int
    }

    private static let script = #"""
    import sys, json, email
    from email import policy
    raw = open(sys.argv[1], 'rb').read()
    msg = email.message_from_bytes(raw, policy=policy.default)
    def boxes(h):
        return [{'name': a.display_name, 'address': a.addr_spec} for a in msg[h].addresses]
    defects = [repr(d) for part in msg.walk() for d in part.defects]
    for name, value in msg.items():
        defects += [repr(d) for d in getattr(value, 'defects', [])]
    html = msg.get_body(('html',))
    print(json.dumps({
        'subject': str(msg['subject']),
        'from': boxes('from'),
        'to': boxes('to'),
        'messageID': str(msg['message-id']),
        'date': msg['date'].datetime.timestamp(),
        'contentType': msg.get_content_type(),
        'text': msg.get_body(('plain',)).get_content(),
        'html': html.get_content() if html is not None else None,
        'eventID': msg['x-otop-event-id'],
        'envelopeRecipients': msg['x-rcptto'],
        'defects': defects,
        'maxLineLength': max(len(line) for line in raw.splitlines()),
    }, ensure_ascii=False))
    """#

    static func parse(_ file: URL) throws -> Parsed {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonFailed(status: process.terminationStatus, stderr: errorText)
        }
        return try JSONDecoder().decode(Parsed.self, from: data)
    }

    struct PythonFailed: Error, CustomStringConvertible {
        var status: Int32
        var stderr: String
        var description: String { "python3 email parsing exited with \(status): \(stderr)" }
    }
}
