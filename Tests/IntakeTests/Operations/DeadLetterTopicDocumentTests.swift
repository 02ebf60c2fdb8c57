import Contracts
import Foundation
@testable import IntakeService
import Testing

/// The dead-letter answer lists every business topic (`Topic.allCases`), so the document's list of
/// topics must be that list: a topic added to Contracts and not to the document is an answer the
/// document calls invalid (schemathesis found `otop.sign-ins` missing).
@Suite("Dead-letter topics in the OpenAPI document")
struct DeadLetterTopicDocumentTests {
    @Test("DeadLetterTopic.topic names exactly the business topics, in order")
    func topics() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let topic = try #require(((schemas["DeadLetterTopic"] as? [String: Any])?["properties"] as? [String: Any])?["topic"]
            as? [String: Any])
        #expect(topic["enum"] as? [String] == Topic.allCases.map(\.name))
    }
}
