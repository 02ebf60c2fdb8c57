import Foundation

/// `POST /v1/requests/{id}/assignment`: an officer assigns a provider by hand.
struct ManualAssignmentBody: Decodable {
    var providerId: String?
    var reason: String?

    struct Valid {
        var providerID: UUID
        var reason: String
    }

    func validated() throws(Problem) -> Valid {
        var v = Validation()
        let provider = providerId.flatMap(UUID.init(uuidString:))
        if provider == nil { v.fail("providerId", providerId == nil ? Messages.required : Messages.uuid) }
        let reason = v.text(reason, "reason", maxLength: 1000)
        try v.finish()
        return Valid(providerID: provider!, reason: reason!)
    }
}
