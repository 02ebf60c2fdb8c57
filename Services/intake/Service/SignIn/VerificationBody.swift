import Foundation

/// `POST /v1/sign-in/verifications` (the portal): the code the person typed, for the code id the
/// request answered.
struct VerificationBody: Decodable {
    var codeId: String?
    var code: String?

    struct Valid {
        var codeID: UUID
        var code: String
    }

    func validated() throws(Problem) -> Valid {
        var v = Validation()
        let id = v.uuid(codeId, "codeId", required: true)
        if let code, !(code.count == 6 && code.allSatisfy { $0.isASCII && $0.isNumber }) {
            v.fail("code", Messages.signInCodeShape)
        } else if code == nil {
            v.fail("code", Messages.required)
        }
        try v.finish()
        return Valid(codeID: id!, code: code!)
    }
}
