import Contracts
import Testing

/// The programme's rule for which messages a contact person may switch off, held once in
/// `MessageTemplate` (intake's preferences and OpenAPI document, and notifications' routing read it).
@Suite("Mandatory and optional messages")
struct MessageTemplateTests {
    @Test("Mandatory messages are all but the courtesy updates")
    func mandatory() {
        #expect(MessageTemplate.optional == [.requestReceived, .proposalDeclined, .certificationStepChanged])
        #expect(MessageTemplate.mandatory.count + MessageTemplate.optional.count == MessageTemplate.allCases.count)
        #expect(MessageTemplate.mandatory.allSatisfy { $0.isMandatory })
        #expect(MessageTemplate.mandatory.first == .requestNotEligible)
        #expect(MessageTemplate.mandatory.last == .signInCode)
    }
}
