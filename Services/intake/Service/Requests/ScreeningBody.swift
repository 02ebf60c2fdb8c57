/// `POST /v1/requests/{id}/screening`: an officer's decision.
struct ScreeningBody: Decodable {
    var eligible: Bool?
    var reason: String?

    struct Valid {
        var eligible: Bool
        var reason: String?
    }

    func validated() throws(Problem) -> Valid {
        var v = Validation()
        if eligible == nil { v.fail("eligible", Messages.eligibleRequired) }
        var reason = v.optionalText(reason, "reason", maxLength: 1000)
        if eligible == false && reason == nil && v.errors.isEmpty { v.fail("reason", Messages.ineligibleReason) }
        if eligible == true { reason = nil }
        try v.finish()
        return Valid(eligible: eligible!, reason: reason)
    }
}
