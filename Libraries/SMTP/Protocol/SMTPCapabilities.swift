/// What a server offers, from its `EHLO` reply: one keyword per line after the greeting line.
struct SMTPCapabilities: Sendable, Hashable {
    /// Upper-cased extension keywords (`PIPELINING`, `8BITMIME`, `STARTTLS`, `AUTH`, ...).
    var keywords: Set<String> = []
    /// Upper-cased SASL mechanisms listed after `AUTH` (`PLAIN`, `LOGIN`, ...).
    var authMechanisms: Set<String> = []

    /// No extensions: what a server answering only `HELO` offers.
    init() {}

    /// The capabilities listed in an `EHLO` reply (the first line is the server's greeting).
    init(ehloReply: SMTPReply) {
        for line in ehloReply.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            keywords.insert(keyword)
            if keyword == "AUTH" {
                authMechanisms.formUnion(words.dropFirst())
            } else if keyword.hasPrefix("AUTH=") {
                // Old servers wrote "AUTH=LOGIN PLAIN".
                keywords.insert("AUTH")
                authMechanisms.insert(String(keyword.dropFirst(5)))
                authMechanisms.formUnion(words.dropFirst())
            }
        }
    }
}
