import Foundation
import Testing
import Timestamps

@Suite("Calendar dates")
struct CivilDateTests {
    @Test("YYYY-MM-DD only, real dates only")
    func parsing() {
        #expect(CivilDate("2028-02-29")?.description == "2028-02-29")
        #expect(CivilDate("2027-02-29") == nil)
        #expect(CivilDate("2027-4-20") == nil)
        #expect(CivilDate("2027-04-20T00:00") == nil)
        #expect(CivilDate(year: 2027, month: 13, day: 1) == nil)
    }

    @Test("months keep the day, or the month's last day")
    func months() {
        #expect(CivilDate("2027-01-31")!.adding(months: 1).description == "2027-02-28")
        #expect(CivilDate("2027-04-20")!.adding(months: 36).description == "2030-04-20")
        #expect(CivilDate("2027-04-20")!.adding(months: -5).description == "2026-11-20")
        #expect(CivilDate("2027-04-20")!.adding(days: -90).description == "2027-01-20")
    }

    @Test("the date in Bangkok of an instant, and the instant a Bangkok day begins")
    func zones() {
        let instant = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z
        #expect(CivilDate(instant, secondsFromGMT: 7 * 3600).description == "2027-01-15")
        let lateUTC = Date(timeIntervalSince1970: 1_800_000_000 + 10 * 3600)  // 18:00Z = 01:00 next day in Bangkok
        #expect(CivilDate(lateUTC, secondsFromGMT: 7 * 3600).description == "2027-01-16")
        #expect(CivilDate("2027-01-16")!.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 3600) == lateUTC)
    }
}
