import Hummingbird

/// `POST /v1/requests/{id}/completion`: the enterprise confirms the reported work (no body needed),
/// or an officer confirms it on the enterprise's behalf after calling it, saying how (`reason`,
/// 1–500 characters, required of officers: it goes on the request's timeline).
struct CompletionBody: Decodable {
    var reason: String?

    /// The body, when one was sent (a request without `Content-Type` and without bytes has none).
    static func read(from request: Request, context: IntakeRequestContext) async throws -> CompletionBody? {
        guard request.headers[.contentType] != nil || request.headers[.contentLength].map({ $0 != "0" }) == true else { return nil }
        return try await JSONBody.decode(CompletionBody.self, from: request, context: context)
    }

    /// The trimmed reason: required when `required` (an officer), optional otherwise.
    static func reason(of body: CompletionBody?, required: Bool) throws(Problem) -> String? {
        var v = Validation()
        let reason = required ? v.text(body?.reason, "reason", maxLength: 500) : v.optionalText(body?.reason, "reason", maxLength: 500)
        try v.finish()
        return reason
    }
}
