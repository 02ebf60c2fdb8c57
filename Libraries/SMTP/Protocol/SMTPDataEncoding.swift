/// The `DATA` transparency rules of RFC 5321 section 4.5.2.
enum SMTPDataEncoding {
    /// `message` made safe to send after `354`: every line that starts with `.` gets a second `.`,
    /// a missing final CRLF is added, and the end-of-data line `.` CRLF is appended.
    ///
    /// `message` must already use CRLF line ends (the MIME renderer guarantees it).
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), dot = UInt8(ascii: ".")
        var result: [UInt8] = []
        result.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if atLineStart, byte == dot { result.append(dot) }
            result.append(byte)
            atLineStart = previous == cr && byte == lf
            previous = byte
        }
        if !(result.count >= 2 && result[result.count - 2] == cr && result[result.count - 1] == lf) {
            result += [cr, lf]
        }
        result += [dot, cr, lf]
        return result
    }
}
