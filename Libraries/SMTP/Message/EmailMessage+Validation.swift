extension EmailMessage {
    /// Header names the renderer writes itself; an extra header must not repeat them.
    static let reservedHeaderNames: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version",
    ]

    /// Checks everything that reaches the SMTP envelope or the headers, so that no value can
    /// inject a command or a header line. Error details never quote an address.
    func validate() throws(SMTPError) {
        guard Self.isValidAddress(from.address) else {
            throw SMTPError(code: .invalidMessage, stage: .compose, detail: "the sender address is not a valid ASCII address")
        }
        guard !to.isEmpty else {
            throw SMTPError(code: .invalidMessage, stage: .compose, detail: "the message has no recipients")
        }
        for (index, recipient) in to.enumerated() where !Self.isValidAddress(recipient.address) {
            throw SMTPError(code: .invalidMessage, stage: .compose,
                            detail: "recipient \(index + 1) of \(to.count) is not a valid ASCII address",
                            recipientIndex: index)
        }
        guard Self.isValidMessageID(messageID) else {
            throw SMTPError(code: .invalidMessage, stage: .compose,
                            detail: "the message id must be printable ASCII id-left@id-right without angle brackets")
        }
        for header in extraHeaders {
            guard Self.isValidHeaderName(header.name) else {
                throw SMTPError(code: .invalidMessage, stage: .compose,
                                detail: "the header name \"\(header.name.prefix(40))\" is not 1-76 printable ASCII characters without ':'")
            }
            let lowered = header.name.lowercased()
            guard !Self.reservedHeaderNames.contains(lowered), !lowered.hasPrefix("content-") else {
                throw SMTPError(code: .invalidMessage, stage: .compose,
                                detail: "the header \(header.name) is written by the SMTP library and cannot be added")
            }
        }
    }

    /// An ASCII `local-part@domain` of at most 254 characters without spaces, brackets or quotes.
    static func isValidAddress(_ address: String) -> Bool {
        let scalars = address.unicodeScalars
        guard (3...254).contains(scalars.count) else { return false }
        let forbidden: Set<Unicode.Scalar> = ["<", ">", "(", ")", "[", "]", ",", ";", ":", "\\", "\""]
        guard scalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !forbidden.contains($0) }) else { return false }
        guard let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        return !local.isEmpty && local.utf8.count <= 64 && !domain.isEmpty && !domain.contains("@")
    }

    /// `id-left@id-right`, printable ASCII without spaces or angle brackets, at most 250 characters.
    static func isValidMessageID(_ id: String) -> Bool {
        let scalars = id.unicodeScalars
        guard (3...250).contains(scalars.count),
              scalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }),
              let at = id.firstIndex(of: "@") else { return false }
        return at != id.startIndex && id.index(after: at) != id.endIndex
    }

    /// A header field name: 1-76 printable ASCII characters other than `:`.
    static func isValidHeaderName(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        return (1...76).contains(scalars.count) && scalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != ":" }
    }
}
