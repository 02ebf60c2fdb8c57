import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres
import TestSupport
import Testing
@testable import NotificationsService

/// The hand-off in the `assigned-provider` and `assigned-enterprise` messages: each carries the
/// other party's name, its contact person and phone in every part and both languages, from
/// notifications' copy of `otop.contacts`; erased contacts leave them out instead of holding the
/// message; no name or phone reaches a log line.
@Suite("Hand-off messages: the other party's contact person and phone", .serialized)
struct HandOffMessageTests {
    static let enterprisePerson = ContactPerson(name: "นางสมศรี ใจดี", role: "ประธานกลุ่ม", email: "somsri@example.org",
                                                phone: "+66812345678", lineUserId: "U4af4980629", channels: [.sms, .email])
    static let providerPerson = ContactPerson(name: "ดร.วิภาวี ศรีสุข", email: "wipawee@mju.example", phone: "+6653942000",
                                              channels: [.email])

    private func render(_ template: MessageTemplate, counterpart: Counterpart?, language: Language) throws -> RenderedMessage {
        let assigned = try EventExamples.data(MatchAssigned.self)
        let context = MessageContext(recipientName: "ผู้รับ", request: try Fixtures.request(), providerName: "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้",
                                     counterpart: counterpart)
        return try Fixtures.renderer.render(template, facts: .assigned(assigned), context: context, language: language,
                                            parts: TemplatePart.allCases)
    }

    /// Every part of `message` by name: the e-mail's text and HTML, the SMS, the LINE message.
    private func parts(of message: RenderedMessage) -> [(String, String)] {
        [("text", message.text), ("html", message.html ?? ""), ("sms", message.sms ?? ""), ("line", message.line ?? "")]
    }

    @Test("assigned-provider names the enterprise, its contact person and phone in every part, Thai and English")
    func providerMessage() throws {
        let counterpart = Counterpart(partyName: "วิสาหกิจชุมชนบ้านแม่ริม", contact: Self.enterprisePerson)
        for language in Language.allCases {
            let message = try render(.assignedProvider, counterpart: counterpart, language: language)
            for (part, text) in parts(of: message) {
                #expect(text.contains("วิสาหกิจชุมชนบ้านแม่ริม"), "\(language) \(part): the enterprise")
                #expect(text.contains("นางสมศรี ใจดี"), "\(language) \(part): its contact person")
                #expect(text.contains("+66812345678"), "\(language) \(part): the phone")
            }
            #expect(message.text.contains("somsri@example.org") && message.text.contains("ประธานกลุ่ม"), "\(language): e-mail and role")
            #expect(message.html?.contains("href=\"tel:+66812345678\"") == true, "\(language): a phone link")
            #expect(!message.text.contains("U4af4980629"), "\(language): never a LINE user id")
        }
    }

    @Test("assigned-enterprise names the provider's coordinator and phone in every part, Thai and English")
    func enterpriseMessage() throws {
        let counterpart = Counterpart(partyName: "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", contact: Self.providerPerson)
        for language in Language.allCases {
            let message = try render(.assignedEnterprise, counterpart: counterpart, language: language)
            for (part, text) in parts(of: message) {
                #expect(text.contains("ดร.วิภาวี ศรีสุข"), "\(language) \(part): the coordinator")
                #expect(text.contains("+6653942000"), "\(language) \(part): the phone")
            }
            #expect(message.text.contains("wipawee@mju.example"), "\(language): the e-mail in the e-mail")
        }
    }

    @Test("without the other party's contacts (erased) both messages render, and the provider's says to ask the officer")
    func withoutContacts() throws {
        let thai = try render(.assignedProvider, counterpart: nil, language: .th)
        #expect(thai.text.contains("กรุณาสอบถามเจ้าหน้าที่โครงการ") && !thai.text.contains("โทรศัพท์"))
        #expect(thai.sms?.contains("โทร") == false)
        let english = try render(.assignedProvider, counterpart: nil, language: .en)
        #expect(english.text.contains("please ask the programme officer"))
        let enterprise = try render(.assignedEnterprise, counterpart: nil, language: .th)
        #expect(!enterprise.text.contains("ผู้ประสานงานของ"))
    }

    @Test("the person to call is the first with a phone; a party without persons has none")
    func personToCall() {
        let noPhone = ContactPerson(name: "คุณเอ", email: "a@example.org")
        let party = Fixtures.recipient(contacts: [noPhone, Self.enterprisePerson])
        #expect(Counterpart(party)?.contact == Self.enterprisePerson)
        #expect(Counterpart(Fixtures.recipient(contacts: [noPhone]))?.contact == noPhone)
        #expect(Counterpart(Fixtures.recipient(contacts: [])) == nil)
    }

    /// Queues the example assignment with both parties' contacts known (or the enterprise's erased),
    /// consumed as one batch through the handler's routes and the inbox processor; the handler's
    /// planner logs into `logs`.
    private func queueAssignment(_ database: NotificationsDatabase, logs: CapturedLogs, enterpriseErased: Bool) async throws {
        let assigned = try EventExamples.load(MatchAssigned.self)
        var messages: [ConsumedMessage] = [
            try .payload(ContactsUpserted(partyId: assigned.data.providerId, partyKind: .provider,
                                          partyName: "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", contacts: [Self.providerPerson])),
            try .payload(ContactsUpserted(partyId: assigned.data.enterpriseId, partyKind: .enterprise,
                                          partyName: "วิสาหกิจชุมชนบ้านแม่ริม", contacts: [Self.enterprisePerson])),
        ]
        if enterpriseErased { messages.append(.erasure(of: assigned.data.enterpriseId)) }
        messages += [try .event(try EventExamples.load(RequestSubmitted.self)), try .event(assigned)]
        let handler = NotificationHandler(planner: MessagePlanner(logger: logs.logger(label: "planner")))
        let processor = try database.harness.processor("notifications.messages", handler: handler)
        let outcome = try await database.harness.consume(messages, through: processor)
        #expect(outcome.deadLetters.isEmpty && outcome.skipped == 0, "every message applied: \(outcome.deadLetters.map(\.reason))")
    }

    private func deliverAll(_ database: NotificationsDatabase, logs: CapturedLogs, senders: [ScriptedSender],
                            until count: Int) async throws {
        var configuration = DeliveryConfiguration()
        configuration.dataRecheck = .milliseconds(20)
        let worker = DeliveryWorker(configuration: configuration, pool: database.pool, postgres: database.configuration,
                                    composer: MessageComposer(renderer: Fixtures.renderer),
                                    senders: Dictionary(uniqueKeysWithValues: senders.map { ($0.channel, $0 as any ChannelSender) }),
                                    logger: logs.logger(label: "hand-off-tests"))
        try await waitUntil("\(count) assigned-* messages sent", timeout: .seconds(60), pollEvery: .milliseconds(5)) {
            _ = try await worker.deliverOne()
            return try await database.count("""
                SELECT count(*)::int8 AS n FROM notifications.messages WHERE status = 'sent' AND template LIKE 'assigned-%'
                """) >= count
        }
    }

    @Test("delivered through the worker: the provider's e-mail carries the enterprise's person and phone, the enterprise's SMS the coordinator's; no name or phone in any log line")
    func deliveredWithoutLogging() async throws {
        try await NotificationsDatabase.with { database in
            let logs = CapturedLogs()
            try await queueAssignment(database, logs: logs, enterpriseErased: false)
            let email = ScriptedSender(.email), sms = ScriptedSender(.sms)
            // The provider on e-mail; the enterprise on SMS and e-mail.
            try await deliverAll(database, logs: logs, senders: [email, sms], until: 3)
            let toProvider = try #require(email.sent.first { $0.template == .assignedProvider })
            #expect(toProvider.recipients.map(\.address) == ["wipawee@mju.example"])
            #expect(toProvider.content.text.contains("นางสมศรี ใจดี") && toProvider.content.text.contains("+66812345678"))
            let toEnterprise = try #require(sms.sent.first { $0.template == .assignedEnterprise })
            #expect(toEnterprise.content.sms?.contains("ดร.วิภาวี ศรีสุข") == true && toEnterprise.content.sms?.contains("+6653942000") == true)
            #expect(!logs.all.isEmpty, "the worker logged its deliveries")
            for secret in ["นางสมศรี", "+66812345678", "somsri@", "ดร.วิภาวี", "+6653942000", "wipawee@"] {
                #expect(!logs.all.contains { $0.contains(secret) }, "no log line names \(secret)")
            }
        }
    }

    @Test("the enterprise's contacts erased: the provider's message still goes, without them")
    func erasedCounterpart() async throws {
        try await NotificationsDatabase.with { database in
            let logs = CapturedLogs()
            try await queueAssignment(database, logs: logs, enterpriseErased: true)
            let email = ScriptedSender(.email)
            try await deliverAll(database, logs: logs, senders: [email], until: 1)
            let toProvider = try #require(email.sent.first { $0.template == .assignedProvider })
            #expect(toProvider.content.text.contains("กรุณาสอบถามเจ้าหน้าที่โครงการ"))
            #expect(!toProvider.content.text.contains("นางสมศรี"))
        }
    }
}
