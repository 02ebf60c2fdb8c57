/// How an officer resolved a message that failed for good (`POST /v1/notification-failures/{id}/resolution`).
struct ResolutionBody: Decodable {
    var note: String?

    /// The trimmed note (required, 1–500 characters).
    func validated() throws(Problem) -> String {
        var v = Validation()
        let note = v.text(note, "note", maxLength: 500)
        try v.finish()
        return note!
    }
}
