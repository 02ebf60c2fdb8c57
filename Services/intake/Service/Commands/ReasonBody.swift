/// A body that gives a reason: declining a proposal, withdrawing a request or a proposal.
struct ReasonBody: Decodable {
    var reason: String?

    /// The trimmed reason (required, at most 1,000 characters).
    func validated() throws(Problem) -> String {
        var v = Validation()
        let reason = v.text(reason, "reason", maxLength: 1000)
        try v.finish()
        return reason!
    }
}
