import Domain
import Foundation
import Testing
@testable import NotificationsService

@Suite("Weekly digest schedule (Asia/Bangkok)")
struct DigestScheduleTests {
    private func bangkok(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        ThaiCalendar.gregorian.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
    }

    @Test("Monday 08:00 Bangkok: the latest send time at or before now, and the next one")
    func sendTimes() {
        let schedule = DigestSchedule(weekday: 1, hour: 8, minute: 0)
        // 2026-11-30 is a Monday.
        #expect(schedule.latestSendTime(atOrBefore: bangkok(2026, 12, 2, 15)) == bangkok(2026, 11, 30, 8))
        #expect(schedule.latestSendTime(atOrBefore: bangkok(2026, 11, 30, 8)) == bangkok(2026, 11, 30, 8))
        #expect(schedule.latestSendTime(atOrBefore: bangkok(2026, 11, 30, 7, 59)) == bangkok(2026, 11, 23, 8))
        #expect(schedule.nextSendTime(after: bangkok(2026, 11, 30, 8)) == bangkok(2026, 12, 7, 8))
        // 08:00 Bangkok is 01:00 UTC.
        #expect(ISO8601DateFormatter().string(from: bangkok(2026, 11, 30, 8)) == "2026-11-30T01:00:00Z")
    }

    @Test("A send time is acted on within the catch-up window only")
    func catchUp() {
        let schedule = DigestSchedule(weekday: 1, hour: 8, minute: 0, catchUp: 3600)
        #expect(schedule.due(at: bangkok(2026, 11, 30, 8, 30)) == bangkok(2026, 11, 30, 8))
        #expect(schedule.due(at: bangkok(2026, 11, 30, 9, 30)) == nil)
    }

    @Test("Configuration reads weekday names or numbers and HH:MM; rejects the rest")
    func parsing() {
        #expect(DigestSchedule(weekday: "friday", time: "16:30") == DigestSchedule(weekday: 5, hour: 16, minute: 30))
        #expect(DigestSchedule(weekday: "7", time: "00:00")?.weekday == 7)
        #expect(DigestSchedule(weekday: "monday", time: "08:00:30")?.second == 30)
        #expect(DigestSchedule(weekday: "funday", time: "08:00") == nil)
        #expect(DigestSchedule(weekday: "monday", time: "24:00") == nil)
    }
}
