import Foundation
import Testing
@testable import SMTP

@Suite("Message validation")
struct ValidationTests {
    @Test("A well-formed Thai message passes")
    func valid() throws {
        try Fixtures.thaiMessage().validate()
    }

    @Test("Addresses that could inject SMTP commands or are not ASCII are refused without quoting them")
    func badAddresses() {
        for bad in ["a@b.c>\r\nRCPT TO:<x@y.z", "with space@example.org", "สมชาย@example.org", "no-at-sign", "@example.org", "a@"] {
            var message = Fixtures.thaiMessage()
            message.to.append(EmailAddress(bad))
            let error = #expect(throws: SMTPError.self) { try message.validate() }
            #expect(error?.code == .invalidMessage)
            #expect(error?.recipientIndex == 1)
            #expect(error?.description.contains(bad) == false)
        }
    }

    @Test("No recipients, a bracketed message id or a header the library writes are refused")
    func badMessages() {
        var noRecipients = Fixtures.thaiMessage()
        noRecipients.to = []
        #expect(throws: SMTPError.self) { try noRecipients.validate() }

        var bracketed = Fixtures.thaiMessage()
        bracketed.messageID = "<abc@otop.local>"
        #expect(throws: SMTPError.self) { try bracketed.validate() }

        for name in ["Bcc", "content-type", "Subject", "X Bad", "X-Colon:"] {
            var message = Fixtures.thaiMessage()
            message.extraHeaders = [(name, "value")]
            #expect(throws: SMTPError.self, "header \(name)") { try message.validate() }
        }
    }
}
