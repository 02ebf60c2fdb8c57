import Contracts
import Foundation
@testable import IntakeService
import Testing

/// The OpenAPI document names the mandatory and optional messages from `MessageTemplate`, the list
/// notifications routes by and the preferences route refuses with: written at assembly, so the
/// document cannot keep an old copy.
@Suite("Message lists in the OpenAPI document")
struct MessageListDocumentTests {
    private func description(of property: String) throws -> String {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let preferences = try #require(schemas["ContactPreferences"] as? [String: Any])
        let member = try #require((preferences["properties"] as? [String: Any])?[property] as? [String: Any])
        return try #require(member["description"] as? String)
    }

    @Test("ContactPreferences.channels names exactly the mandatory messages, in order")
    func mandatory() throws {
        let text = try description(of: "channels")
        let names = try #require(text.components(separatedBy: "Mandatory messages: ").last)
        #expect(names.components(separatedBy: ", ") == MessageTemplate.mandatory.map(\.rawValue))
    }

    @Test("ContactPreferences.optionalMessages names exactly the optional messages, in order")
    func optional() throws {
        let text = try description(of: "optionalMessages")
        let names = try #require(text.components(separatedBy: "false switches off ").last)
        #expect(names.replacingOccurrences(of: " and ", with: ", ").components(separatedBy: ", ")
            == MessageTemplate.optional.map(\.rawValue))
    }
}
