import Domain
import Foundation
import Testing

@Suite("Fiscal years and Thai dates")
struct CalendarTests {
    private func bangkok(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 12) -> Date {
        ThaiCalendar.gregorian.date(from: DateComponents(year: y, month: m, day: d, hour: h))!
    }

    @Test("the fiscal year turns on 1 October, Bangkok time")
    func fiscalYearBoundary() {
        #expect(FiscalYear.containing(bangkok(2026, 9, 30, 23)).buddhistYear == 2569)
        #expect(FiscalYear.containing(bangkok(2026, 10, 1, 0)).buddhistYear == 2570)
        #expect(FiscalYear.containing(bangkok(2026, 11, 25)).buddhistYear == 2570)
        let fy = FiscalYear(buddhistYear: 2570)
        #expect(fy.start == bangkok(2026, 10, 1, 0))
        #expect(fy.end == bangkok(2027, 10, 1, 0))
        #expect(fy.contains(bangkok(2027, 9, 30)))
        #expect(!fy.contains(bangkok(2027, 10, 1, 0)))
        #expect("\(fy)" == "ปีงบประมาณ 2570")
    }

    @Test("dates read in Thai with the Buddhist-Era year")
    func thaiLongDate() {
        #expect(ThaiCalendar.longThaiDate(bangkok(2026, 11, 25)) == "25 พฤศจิกายน 2569")
        #expect(ThaiCalendar.buddhistYear(of: bangkok(2026, 11, 25)) == 2569)
        // 23:30 UTC on 24 Nov is already 25 Nov in Bangkok.
        let lateUTC = Date(timeIntervalSince1970: 1_795_563_000) // 2026-11-24T23:30:00Z
        #expect(ThaiCalendar.longThaiDate(lateUTC) == "25 พฤศจิกายน 2569")
    }

    @Test("days between counts Bangkok calendar dates")
    func daysBetween() {
        #expect(ThaiCalendar.daysBetween(bangkok(2026, 11, 25, 23), bangkok(2026, 12, 2, 1)) == 7)
    }
}
