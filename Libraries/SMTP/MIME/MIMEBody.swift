import Foundation

/// The bodies of a message as 7-bit MIME parts: canonical CRLF text, base64 in lines of 76.
enum MIMEBody {
    /// The longest base64 line (RFC 2045 section 6.8).
    static let base64LineLength = 76

    /// The UTF-8 bytes of `text` with every line break (CRLF, CR or LF) made CRLF, the canonical
    /// form of text types (RFC 2046 section 4.1.1).
    static func canonicalText(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        var previousWasCR = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\r"):
                bytes += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
                previousWasCR = true
            case UInt8(ascii: "\n"):
                if !previousWasCR { bytes += [UInt8(ascii: "\r"), UInt8(ascii: "\n")] }
                previousWasCR = false
            default:
                bytes.append(byte)
                previousWasCR = false
            }
        }
        return bytes
    }

    /// `bytes` in base64, as lines of at most ``base64LineLength`` characters, each ending in CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var result = ""
        result.reserveCapacity(encoded.utf8.count + encoded.utf8.count / base64LineLength * 2 + 2)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: base64LineLength, limitedBy: encoded.endIndex) ?? encoded.endIndex
            result += encoded[index..<end]
            result += "\r\n"
            index = end
        }
        return result
    }

    /// A `text/<subtype>; charset=UTF-8` part's headers and base64 content.
    static func textPart(subtype: String, text: String) -> String {
        "Content-Type: text/\(subtype); charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + base64Lines(canonicalText(text))
    }
}
