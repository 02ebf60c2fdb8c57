import Foundation

/// A command line the client sends. Arguments are validated before they get here (no CR or LF).
enum SMTPCommand: Sendable, Hashable {
    case ehlo(String)
    case helo(String)
    /// `STARTTLS` (RFC 3207).
    case startTLS
    /// `AUTH PLAIN` with the initial response (RFC 4954, RFC 4616).
    case authPlain(SMTPCredentials)
    /// `AUTH LOGIN`, answered by the user name and password lines.
    case authLogin
    /// A base64 response line during `AUTH` (a user name, a password or a PLAIN response).
    case authResponse(String)
    case mailFrom(String)
    case rcptTo(String)
    case data
    case quit

    /// The command's line, ending in CRLF.
    var line: String {
        switch self {
        case .ehlo(let name): "EHLO \(name)\r\n"
        case .helo(let name): "HELO \(name)\r\n"
        case .startTLS: "STARTTLS\r\n"
        case .authPlain(let credentials): "AUTH PLAIN \(Self.plainResponse(credentials))\r\n"
        case .authLogin: "AUTH LOGIN\r\n"
        case .authResponse(let response): "\(response)\r\n"
        case .mailFrom(let address): "MAIL FROM:<\(address)>\r\n"
        case .rcptTo(let address): "RCPT TO:<\(address)>\r\n"
        case .data: "DATA\r\n"
        case .quit: "QUIT\r\n"
        }
    }

    /// The command's verb, safe to log (no arguments: they carry addresses and secrets).
    var verb: String {
        switch self {
        case .ehlo: "EHLO"
        case .helo: "HELO"
        case .startTLS: "STARTTLS"
        case .authPlain: "AUTH PLAIN"
        case .authLogin: "AUTH LOGIN"
        case .authResponse: "AUTH response"
        case .mailFrom: "MAIL FROM"
        case .rcptTo: "RCPT TO"
        case .data: "DATA"
        case .quit: "QUIT"
        }
    }

    /// The PLAIN mechanism's message: base64 of `NUL user NUL password` (no authorization identity).
    static func plainResponse(_ credentials: SMTPCredentials) -> String {
        var bytes: [UInt8] = [0]
        bytes += credentials.username.utf8
        bytes.append(0)
        bytes += credentials.password.utf8
        return Data(bytes).base64EncodedString()
    }

    /// A string in base64, for `AUTH LOGIN`'s user name and password lines.
    static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
