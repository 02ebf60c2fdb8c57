import CodeSealing
import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import Testing

extension RouteFixture {
    /// The portal's service client.
    func portalToken() async throws -> String {
        try await token(.portal)
    }

    /// Registers an enterprise in Chiang Mai with one contact person (`phone`, `email`) as an officer;
    /// returns its id and an enterprise client's token.
    func enterpriseWithContact(phone: String? = "081-234-5678", email: String? = "somsri@example.org",
                               channels: [String] = ["sms"]) async throws -> (id: UUID, token: String) {
        let officer = try await token(.officer)
        var body = Samples.enterprise(province: "TH-50")
        var person: [String: Any] = ["name": "นางสมศรี ใจดี", "role": "ประธานกลุ่ม", "channels": channels]
        if let phone { person["phone"] = phone }
        if let email { person["email"] = email }
        body["contacts"] = [person]
        let registered = try await call.json(.post, "/v1/enterprises", token: officer, body)
        let id = try #require(registered.id, "\(registered.status) \(registered.text)")
        return (id, try await token(.enterprise, enterprise: id))
    }

    /// Asks for a code as the portal.
    func requestCode(_ body: [String: Any], portal: String) async throws -> RouteClient.Answer {
        try await call.json(.post, "/v1/sign-in/codes", token: portal, body)
    }

    /// Asks for a code for `phone` as the portal and opens the code the event carries.
    func issuedCode(phone: String = "081-234-5678", portal: String) async throws -> (issued: IssuedCodeView, code: String) {
        let issued = try await requestCode(["phone": phone, "clientAddress": "203.0.113.7"], portal: portal).decode(IssuedCodeView.self)
        return (issued, try #require(try await sentCode(issued.codeId)).code)
    }

    /// Checks a code as the portal.
    func verifyCode(_ codeID: UUID, _ code: String, portal: String) async throws -> RouteClient.Answer {
        try await call.json(.post, "/v1/sign-in/verifications", token: portal, ["codeId": codeID.lowercased, "code": code])
    }

    /// The code a `signin.code-requested` carries for `codeID`, opened with the fixture's key, and the event.
    func sentCode(_ codeID: UUID) async throws -> (code: String, event: SignInCodeRequested)? {
        guard let event = try await published(SignInCodeRequested.self).first(where: { $0.data.codeId == codeID })?.data else { return nil }
        let key = try #require(Self.signIn.key)
        return (try key.open(event.sealedCode, for: codeID), event)
    }
}

/// A code other than `code` (same shape).
func wrongCode(_ code: String) -> String {
    String(format: "%06d", (Int(code)! + 1) % 1_000_000)
}
