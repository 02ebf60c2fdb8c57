import Contracts
import Foundation
import Testing
@testable import NotificationsService

@Suite("Channel routing from contact preferences")
struct ChannelRoutingTests {
    @Test("One delivery per channel the persons list and have an address for, in preference order, with the first person's language")
    func channelsFromPreferences() {
        let recipient = Fixtures.recipient(contacts: [
            Fixtures.person("สมศรี", language: "th", channels: [.line, .email]),
            Fixtures.person("Somchai", email: "somchai@example.org", line: nil, language: "en", channels: [.email, .sms, .line]),
        ])
        let deliveries = ChannelRouting.deliveries(for: recipient, template: .proposalToProvider)
        #expect(deliveries.map(\.channel) == [.line, .email, .sms])
        #expect(deliveries[0].addressees.map(\.name) == ["สมศรี"], "Somchai has no LINE id")
        #expect(deliveries[1].addressees.map(\.address) == ["somsri@example.org", "somchai@example.org"])
        #expect(deliveries[1].language == .th)
        #expect(deliveries[2].language == .en)
    }

    @Test("A listed channel without an address is skipped; nobody reachable gives no delivery")
    func missingAddresses() {
        let recipient = Fixtures.recipient(contacts: [Fixtures.person(email: nil, phone: nil, line: nil, channels: [.email, .sms])])
        #expect(ChannelRouting.deliveries(for: recipient, template: .proposalToProvider).isEmpty)
    }

    @Test("Optional messages skip persons who switched them off; mandatory ones still reach them")
    func optionalMessages() {
        let recipient = Fixtures.recipient(contacts: [
            Fixtures.person("quiet", channels: [.email], optionalMessages: false),
            Fixtures.person("keen", email: "keen@example.org", channels: [.email]),
        ])
        #expect(ChannelRouting.deliveries(for: recipient, template: .requestReceived).first?.addressees.map(\.name) == ["keen"])
        #expect(ChannelRouting.deliveries(for: recipient, template: .proposalAccepted).first?.addressees.map(\.name) == ["quiet", "keen"])
    }
}
