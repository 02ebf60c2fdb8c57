import Timestamps

/// One reminder of one certificate: what it is about, how many days ahead, and the date it is
/// about. The tracker sends each key once (its reminders table has this as primary key).
public struct ReminderKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: ReminderKind
    /// The lead time: days between the reminder's day and ``dueDate``.
    public var daysBefore: Int
    /// The expiry date (the certificate's last valid day) or the surveillance audit date.
    public var dueDate: CivilDate

    public init(kind: ReminderKind, daysBefore: Int, dueDate: CivilDate) {
        self.kind = kind
        self.daysBefore = daysBefore
        self.dueDate = dueDate
    }

    /// The day the reminder falls due.
    public var day: CivilDate { dueDate.adding(days: -daysBefore) }

    public var description: String { "\(kind.rawValue) \(daysBefore)d before \(dueDate)" }

    public static func < (lhs: ReminderKey, rhs: ReminderKey) -> Bool {
        (lhs.day, lhs.kind.rawValue, lhs.dueDate) < (rhs.day, rhs.kind.rawValue, rhs.dueDate)
    }
}
