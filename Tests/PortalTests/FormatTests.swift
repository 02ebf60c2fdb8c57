import Foundation
@testable import PortalService
import Testing

@Suite struct FormatTests {
    @Test func numbersHaveThousandsSeparators() {
        #expect(Format.number(0) == "0")
        #expect(Format.number(999) == "999")
        #expect(Format.number(24_000_000) == "24,000,000")
        #expect(Format.number(-1_234) == "-1,234")
    }

    @Test func datesAreBuddhistEraInThaiAndCommonEraInEnglish() throws {
        let date = try #require(IntakeJSON.parse("2026-11-25T03:00:00Z"))
        #expect(Format.date(date, .th) == "25 พ.ย. 2569")
        #expect(Format.date(date, .en) == "25 Nov 2026")
        #expect(Format.day("2027-09-30", .th) == "30 ก.ย. 2570")
        #expect(Format.fiscalYear(2570, .th) == "ปีงบประมาณ 2570")
        #expect(Format.month("2026-10", .th) == "ต.ค. 69")
    }

    @Test func bangkokTimeDecidesTheDate() throws {
        // 18:30 UTC on 30 September is 1 October in Bangkok.
        let date = try #require(IntakeJSON.parse("2026-09-30T18:30:00.123Z"))
        #expect(Format.date(date, .en) == "1 Oct 2026")
    }

    @Test func thaiPhoneNumbersAreWrittenAsPeopleWriteThem() {
        #expect(Format.phone("+66812345678") == "081-234-5678")
        #expect(Format.phone("+6621234567") == "02-123-4567")
        #expect(Format.phone("+4420123456") == "+4420123456")
        #expect(Format.phone("ไม่ระบุ") == "ไม่ระบุ")
    }
}
