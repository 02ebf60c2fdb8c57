import Timestamps

/// The tracker's calendar rules, without I/O: which reminders a certificate is owed on a day, when it
/// moves to `renewalDue` and `expired`, and the next day anything is due for it.
///
/// - Expiry reminders fall ``leadDays`` days before the last valid day (`validUntil`); surveillance
///   reminders the same number of days before the next audit (when it comes before expiry). Only
///   certificates in force (`certified`, `surveillance`, `renewalDue`) get reminders, and never once
///   the date they are about has passed.
/// - `renewalDue` begins `renewalLeadDays` before `validUntil`; `expired` the day after `validUntil`
///   (from `suspended` too). A day the tracker missed is caught up: a certificate past both moves
///   straight to `expired`.
/// - Reminders whose day came before the tracker followed this validity (``Certificate/trackedFrom``:
///   the day it was issued, renewed or registered as held) are not owed, except the latest of them
///   when nothing else for that date is owed yet: a certificate registered 20 days before expiry
///   gets its 30-day reminder at once, not its 90- and 60-day ones as well.
public struct CertificationSchedule: Sendable, Hashable {
    /// What the rules need to know about one certificate.
    public struct Certificate: Sendable, Hashable {
        public var state: CertificationState
        public var validUntil: CivilDate?
        public var nextSurveillanceDue: CivilDate?
        public var trackedFrom: CivilDate
        /// The standard's renewal lead time (days before expiry), `nil` when it does not expire.
        public var renewalLeadDays: Int?

        public init(state: CertificationState, validUntil: CivilDate?, nextSurveillanceDue: CivilDate?,
                    trackedFrom: CivilDate, renewalLeadDays: Int?) {
            self.state = state
            self.validUntil = validUntil
            self.nextSurveillanceDue = nextSurveillanceDue
            self.trackedFrom = trackedFrom
            self.renewalLeadDays = renewalLeadDays
        }
    }

    /// What is due for a certificate on a day.
    public struct Plan: Sendable, Hashable {
        /// The state the scheduler moves it to, if any.
        public var transition: CertificationState?
        /// Reminders owed now (caught up when days were missed), oldest first.
        public var reminders: [ReminderKey]
        /// The next day something is due once this plan is applied; `nil` when nothing ever is.
        public var nextActionOn: CivilDate?
    }

    /// Lead times in days, largest first (default 90, 60, 30, 7).
    public let leadDays: [Int]

    /// - Parameter leadDays: positive and distinct (checked by the service's configuration).
    public init(leadDays: [Int] = [90, 60, 30, 7]) {
        self.leadDays = Array(Set(leadDays)).sorted(by: >)
    }

    /// What is due for `certificate` on `today`, given the reminders already sent.
    public func plan(for certificate: Certificate, today: CivilDate, sent: Set<ReminderKey>) -> Plan {
        var state = certificate.state
        var transition: CertificationState?
        if let validUntil = certificate.validUntil {
            if today > validUntil, state.isInForce || state == .suspended {
                transition = .expired
            } else if state == .certified || state == .surveillance, let lead = certificate.renewalLeadDays,
                      today >= validUntil.adding(days: -lead) {
                transition = .renewalDue
            }
        }
        if let transition { state = transition }

        var reminders: [ReminderKey] = []
        var sentNow = sent
        if state.isInForce {
            for series in self.series(for: certificate) {
                let owed = owed(series, trackedFrom: certificate.trackedFrom, today: today, sent: sent)
                reminders += owed
                sentNow.formUnion(owed)
            }
        }
        reminders.sort()
        let next = nextActionOn(certificate, state: state, after: today, sent: sentNow)
        return Plan(transition: transition, reminders: reminders, nextActionOn: next)
    }

    /// The first day on or after `from` when something is due for `certificate` (for a certificate
    /// just issued, renewed or registered: `from` is today).
    public func firstActionOn(_ certificate: Certificate, from: CivilDate, sent: Set<ReminderKey> = []) -> CivilDate? {
        let today = plan(for: certificate, today: from, sent: sent)
        if today.transition != nil || !today.reminders.isEmpty { return from }
        return today.nextActionOn
    }

    /// The reminder series of a certificate: one per date reminders are about.
    private func series(for certificate: Certificate) -> [[ReminderKey]] {
        var result: [[ReminderKey]] = []
        if let validUntil = certificate.validUntil {
            result.append(leadDays.map { ReminderKey(kind: .expiry, daysBefore: $0, dueDate: validUntil) })
        }
        if let audit = certificate.nextSurveillanceDue, audit < (certificate.validUntil ?? CivilDate(daysSinceEpoch: .max)) {
            result.append(leadDays.map { ReminderKey(kind: .surveillance, daysBefore: $0, dueDate: audit) })
        }
        return result
    }

    /// The reminders of one series owed on `today` (see the type's rules).
    private func owed(_ series: [ReminderKey], trackedFrom: CivilDate, today: CivilDate, sent: Set<ReminderKey>) -> [ReminderKey] {
        guard let due = series.first?.dueDate, today <= due else { return [] }
        let reached = series.filter { $0.day <= today }
        let tracked = reached.filter { $0.day >= trackedFrom }
        var owed = tracked.filter { !sent.contains($0) }
        let anySent = series.contains { sent.contains($0) }
        if tracked.isEmpty, !anySent, let latest = reached.max(by: { $0.day < $1.day }) {
            owed.append(latest)
        }
        return owed
    }

    /// The first day after `today` when a transition or a reminder falls due.
    private func nextActionOn(_ certificate: Certificate, state: CertificationState, after today: CivilDate,
                              sent: Set<ReminderKey>) -> CivilDate? {
        var candidates: [CivilDate] = []
        if let validUntil = certificate.validUntil, state.isInForce || state == .suspended {
            candidates.append(validUntil.adding(days: 1))
            if state == .certified || state == .surveillance, let lead = certificate.renewalLeadDays {
                candidates.append(validUntil.adding(days: -lead))
            }
        }
        // A suspended certificate gets no reminders (they resume when it is reinstated and the
        // handler reschedules it); only its expiry stays due.
        if state.isInForce {
            for series in series(for: certificate) {
                for key in series where !sent.contains(key) && key.day >= certificate.trackedFrom {
                    candidates.append(key.day)
                }
            }
        }
        return candidates.filter { $0 > today }.min()
    }
}

extension CertificationSchedule {
    /// The first surveillance audit date on or after `onOrAfter`: audits fall every `months` months
    /// counted from `validFrom`; `nil` when none falls before `validUntil`.
    public static func surveillanceDue(validFrom: CivilDate, validUntil: CivilDate?, months: Int,
                                       onOrAfter: CivilDate) -> CivilDate? {
        guard months > 0 else { return nil }
        var periods = 1
        var due = validFrom.adding(months: months)
        while due < onOrAfter {
            periods += 1
            due = validFrom.adding(months: months * periods)
        }
        if let validUntil, due >= validUntil { return nil }
        return due
    }
}
