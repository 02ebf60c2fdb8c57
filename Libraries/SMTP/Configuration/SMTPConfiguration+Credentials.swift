extension SMTPConfiguration {
    /// The user name and password to authenticate with, when both are set.
    var credentials: SMTPCredentials? {
        guard let username, let password else { return nil }
        return SMTPCredentials(username: username, password: password)
    }

    /// Checks the settings that end up on the wire before any connection is made.
    func validate() throws(SMTPError) {
        guard !host.isEmpty else {
            throw SMTPError(code: .invalidConfiguration, stage: .compose, detail: "the SMTP host is empty")
        }
        guard (1...65_535).contains(port) else {
            throw SMTPError(code: .invalidConfiguration, stage: .compose, detail: "the SMTP port \(port) is out of range")
        }
        guard !heloName.isEmpty, heloName.utf8.count <= 255,
              heloName.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw SMTPError(code: .invalidConfiguration, stage: .compose,
                            detail: "the EHLO name must be 1-255 printable ASCII characters without spaces")
        }
        guard timeout > .zero else {
            throw SMTPError(code: .invalidConfiguration, stage: .compose, detail: "the timeout must be positive")
        }
    }
}

/// A user name and password for `AUTH PLAIN` / `AUTH LOGIN`. Its description hides both.
struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible {
    var username: String
    var password: String

    var description: String { "SMTPCredentials(<redacted>)" }
}
