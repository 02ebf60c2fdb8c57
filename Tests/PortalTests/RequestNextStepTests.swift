import Domain
@testable import PortalService
import Testing

/// The enterprise's "what happens next" text: every request state has one in both languages, a state
/// the enterprise acts in names the enterprise, an ended one names nobody, and the provider's answer
/// time is filled in.
@Suite("Request next step")
struct RequestNextStepTests {
    @Test("every state has its next step in Thai and English", arguments: RequestStatus.allCases)
    func everyState(_ status: RequestStatus) {
        #expect(RequestNextStep.entries[status] != nil)
        for language in Language.allCases {
            let step = RequestNextStep.of(status, language)
            #expect(!step.what.isEmpty && !step.what.contains("{"))
            #expect((step.who == nil) == (step.byWhen == nil))
        }
    }

    @Test("the enterprise acts on an accepted provider and on reported work; nobody acts on an ended request")
    func whoActs() {
        #expect(RequestNextStep.of(.accepted, .en).who == "You (the enterprise)")
        #expect(RequestNextStep.of(.workReported, .th).who == "ท่าน (วิสาหกิจ)")
        for ended in [RequestStatus.completed, .withdrawn, .notEligible] { #expect(RequestNextStep.of(ended, .th).who == nil) }
        #expect(RequestNextStep.of(.proposed, .th, responseDays: 5).byWhen == "ภายใน 5 วัน")
    }
}
