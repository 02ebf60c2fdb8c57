/// `POST /v1/requests/{id}/assignment/withdrawal`: an officer withdraws the assignment, matching
/// the request again when `rematch` is true.
struct AssignmentWithdrawalBody: Decodable {
    var reason: String?
    var rematch: Bool?

    struct Valid {
        var reason: String
        var rematch: Bool
    }

    func validated() throws(Problem) -> Valid {
        var v = Validation()
        let reason = v.text(reason, "reason", maxLength: 1000)
        if rematch == nil { v.fail("rematch", Messages.rematchRequired) }
        try v.finish()
        return Valid(reason: reason!, rematch: rematch!)
    }
}
