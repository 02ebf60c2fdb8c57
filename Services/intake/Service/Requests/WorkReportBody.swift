import Domain

/// `POST /v1/requests/{id}/work-report`: the assigned provider reports the work done.
struct WorkReportBody: Decodable {
    var summary: String?
    var standardApplied: String?

    struct Valid {
        var summary: String
        var standardApplied: StandardCode?
    }

    func validated() throws(Problem) -> Valid {
        var v = Validation()
        let summary = v.text(summary, "summary", maxLength: 4000)
        let standard = v.optionalOneOf(standardApplied, "standardApplied", as: StandardCode.self)
        try v.finish()
        return Valid(summary: summary!, standardApplied: standard)
    }
}
