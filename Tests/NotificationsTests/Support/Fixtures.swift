import Contracts
import Domain
import Foundation
@testable import NotificationsService

/// Test values shared by the suites.
enum Fixtures {
    static let library: TemplateLibrary = {
        do { return try TemplateLibrary.bundled() } catch { fatalError("the bundled templates do not load: \(error)") }
    }()

    static let renderer = MessageRenderer(library: library, portalURL: "https://otop-sti.example")

    /// The request of the docs/events examples, as notifications copies it.
    static func request() throws -> RequestSummary {
        let submitted = try EventExamples.data(RequestSubmitted.self)
        return RequestSummary(reference: submitted.reference, productName: submitted.productName,
                              productType: submitted.productType, serviceAreas: submitted.serviceAreas,
                              targetStandard: submitted.targetStandard, provinceCode: submitted.provinceCode,
                              description: submitted.description, submittedAt: submitted.submittedAt)
    }

    static func person(_ name: String = "นางสมศรี ใจดี", email: String? = "somsri@example.org", phone: String? = "+66812345678",
                       line: String? = "U4af4980629", language: String = "th", channels: [ContactChannel] = [.email],
                       optionalMessages: Bool? = nil) -> ContactPerson {
        ContactPerson(name: name, email: email, phone: phone, lineUserId: line, language: language, channels: channels,
                      optionalMessages: optionalMessages)
    }

    static func recipient(_ kind: PartyKind = .enterprise, name: String = "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม",
                          region: Region? = nil, contacts: [ContactPerson]) -> Recipient {
        Recipient(partyID: UUID(), kind: kind, name: name, region: region, contacts: contacts)
    }

    static let digest = DigestFacts(
        region: .north,
        periodStart: ThaiCalendar.gregorian.date(from: DateComponents(year: 2026, month: 11, day: 23, hour: 8))!,
        periodEnd: ThaiCalendar.gregorian.date(from: DateComponents(year: 2026, month: 11, day: 30, hour: 8))!,
        counts: [.requestReceived: 12, .screened: 9, .matched: 8, .assigned: 5, .completed: 2, .waitingPastWindow: 1,
                 .certificateIssued: 3, .certificateExpiring: 2],
        budget: .init(fiscalYear: 2570, allocatedBaht: 24_000_000, committedBaht: 3_280_000, spentBaht: 960_000,
                      availableBaht: 19_760_000))

    static let deliveryFailed = DeliveryFailedFacts(
        notificationId: UUID(), template: .proposalToProvider, channel: .sms, recipientPartyId: UUID(),
        recipientPartyKind: .provider, recipientName: "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", requestReference: "OTOP-2570-000123",
        reason: "SMS gateway refused the message: HTTP 400 (permanent)", attempts: 1,
        failedAt: ThaiCalendar.gregorian.date(from: DateComponents(year: 2026, month: 11, day: 25, hour: 9))!)
}
