/// Keeps personal data out of error descriptions and logs.
enum SMTPRedaction {
    /// `text` with every whitespace-separated word that contains `@` replaced by `<redacted>`,
    /// so that an address a server echoes (`<somchai@example.org>: Recipient address rejected`)
    /// does not reach a log.
    static func redactingAddresses(_ text: String) -> String {
        guard text.contains("@") else { return text }
        return text.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.contains("@") ? "<redacted>" : String($0) }
            .joined(separator: " ")
    }
}
