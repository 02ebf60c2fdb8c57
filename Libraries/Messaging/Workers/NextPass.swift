import Foundation

/// When a ``Worker`` wants its next pass, as its pass returns it. A `NOTIFY` on the worker's
/// channels runs the next pass at once whatever was asked, and every wait ends at the latest after
/// the worker's ``WorkerSettings/idleRecheck``. (After a failed pass the worker waits by its
/// ``WorkerSettings/retry`` policy instead.)
public enum NextPass: Sendable, Equatable {
    /// More work is waiting (a full batch, a message delivered): run again at once.
    case now
    /// Nothing is due before `instant` (a deadline, a due day, a send time), read on the worker's
    /// ``WorkerSettings/clock``.
    case at(Date)
    /// Run again after `delay` (work another replica holds right now, a message due in a moment).
    case after(Duration)
    /// Nothing to do until woken by `NOTIFY` (or the idle re-check).
    case whenWoken
}
