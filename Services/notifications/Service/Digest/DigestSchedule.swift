import Domain
import Foundation

/// When the weekly officer digest goes out: a weekday and a time of day in Asia/Bangkok
/// (`NOTIFICATIONS_DIGEST_WEEKDAY`, `NOTIFICATIONS_DIGEST_TIME`). Each send time closes a period of
/// the seven days before it. A send time missed (the service was down) is caught up within
/// `catchUp`; older ones are not sent any more.
struct DigestSchedule: Sendable, Equatable {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    var weekday: Int
    var hour: Int
    var minute: Int
    var second: Int = 0
    /// How late a digest may still go out after its send time.
    var catchUp: TimeInterval = 24 * 3600

    /// - Precondition: `weekday` in 1...7, `hour` in 0...23, `minute` in 0...59.
    init(weekday: Int, hour: Int, minute: Int, catchUp: TimeInterval = 24 * 3600) {
        precondition((1...7).contains(weekday) && (0...23).contains(hour) && (0...59).contains(minute), "invalid digest schedule")
        self.weekday = weekday
        self.hour = hour
        self.minute = minute
        self.catchUp = catchUp
    }

    /// Reads `Monday`…`Sunday` (or `1`…`7`) and `HH:MM` (or `HH:MM:SS`).
    init?(weekday text: String, time: String, catchUp: TimeInterval = 24 * 3600) {
        let names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        let day = Int(text) ?? names.firstIndex(of: text.lowercased()).map { $0 + 1 }
        let parts = time.split(separator: ":").compactMap { Int($0) }
        guard let day, (1...7).contains(day), (2...3).contains(parts.count), (0...23).contains(parts[0]),
              (0...59).contains(parts[1]), parts.count == 2 || (0...59).contains(parts[2]) else {
            return nil
        }
        self.init(weekday: day, hour: parts[0], minute: parts[1], catchUp: catchUp)
        second = parts.count == 3 ? parts[2] : 0
    }

    /// The latest send time at or before `now`.
    func latestSendTime(atOrBefore now: Date) -> Date {
        let calendar = ThaiCalendar.gregorian
        // Foundation's weekday: 1 = Sunday … 7 = Saturday.
        let foundationWeekday = weekday % 7 + 1
        let components = DateComponents(hour: hour, minute: minute, second: second, weekday: foundationWeekday)
        let next = calendar.nextDate(after: now, matching: components, matchingPolicy: .nextTime, direction: .backward)!
        // nextDate(after:direction: .backward) is strictly before `now`; `now` itself may be a send time.
        let sameInstant = calendar.nextDate(after: now.addingTimeInterval(-1), matching: components, matchingPolicy: .nextTime)!
        return sameInstant == now ? now : next
    }

    /// The next send time strictly after `now`.
    func nextSendTime(after now: Date) -> Date {
        let components = DateComponents(hour: hour, minute: minute, second: second, weekday: weekday % 7 + 1)
        return ThaiCalendar.gregorian.nextDate(after: now, matching: components, matchingPolicy: .nextTime)!
    }

    /// The send time to act on at `now`: the latest one, unless it is older than `catchUp`.
    func due(at now: Date) -> Date? {
        let latest = latestSendTime(atOrBefore: now)
        return now.timeIntervalSince(latest) <= catchUp ? latest : nil
    }
}
