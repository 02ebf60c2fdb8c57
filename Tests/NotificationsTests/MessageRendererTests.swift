import Domain
import Foundation
import Testing
@testable import NotificationsService

@Suite("Message wording")
struct MessageRendererTests {
    let request = RequestSummary(
        reference: "OTOP-2570-000123", productName: "น้ำพริกหนุ่มสมุนไพร", productType: .food,
        serviceAreas: [.packagingDesign, .standardsSystem], targetStandard: .tcps, provinceCode: "TH-50",
        description: "ยืดอายุการเก็บรักษา", submittedAt: ThaiCalendar.gregorian.date(from: DateComponents(year: 2026, month: 11, day: 25, hour: 11))!)

    @Test("the proposal to a provider is in Thai, with the request, the reasons and the answer date in the Buddhist Era")
    func proposalThai() {
        let respondBy = ThaiCalendar.gregorian.date(from: DateComponents(year: 2026, month: 11, day: 28, hour: 11))!
        let message = MessageRenderer().render(
            .proposalToProvider, partyName: "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", language: "th", request: request,
            params: MessageParams(score: 9400, criteria: [MatchCriterion(criterion: "distance", weight: 2500, points: 2500,
                                                                         note: "อยู่จังหวัดเดียวกัน (เชียงใหม่)")],
                                  respondBy: respondBy))
        #expect(message.subject == "ข้อเสนอคำขอรับบริการ OTOP-2570-000123: น้ำพริกหนุ่มสมุนไพร")
        #expect(message.text.hasPrefix("เรียน ผู้ประสานงาน คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้\n"))
        #expect(message.text.contains("ผลิตภัณฑ์: น้ำพริกหนุ่มสมุนไพร (อาหาร)"))
        #expect(message.text.contains("บริการที่ขอ: การออกแบบบรรจุภัณฑ์, ระบบมาตรฐาน"))
        #expect(message.text.contains("จังหวัด: เชียงใหม่"))
        #expect(message.text.contains("  - อยู่จังหวัดเดียวกัน (เชียงใหม่) (2500/2500)"))
        #expect(message.text.contains("กรุณาตอบรับหรือปฏิเสธภายในวันที่ 28 พฤศจิกายน 2569"))
    }

    @Test("a contact who chose English gets English, with Common-Era dates")
    func receiptEnglish() {
        let message = MessageRenderer().render(.requestReceived, partyName: "Ban Mae Rim Women's Group", language: "en",
                                               request: request, params: MessageParams())
        #expect(message.subject == "Request OTOP-2570-000123 received")
        #expect(message.text.contains("on 25 November 2026"))
        #expect(message.text.contains("Province: Chiang Mai"))
        #expect(message.text.contains("Target standard: Thai Community Product Standard"))
    }

    @Test("every template renders in both languages with the reference in the subject")
    func allTemplates() {
        for template in MessageTemplate.allCases {
            for language in ["th", "en"] {
                let message = MessageRenderer().render(template, partyName: "x", language: language, request: request, params: MessageParams())
                #expect(message.subject.contains("OTOP-2570-000123"), "\(template) \(language)")
                #expect(!message.text.isEmpty)
            }
        }
    }
}
