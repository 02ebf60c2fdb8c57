import Domain
import Testing
import Timestamps

/// The scheduler's calendar rules, day by day, without a database.
@Suite("Certification schedule rules")
struct CertificationScheduleTests {
    let schedule = CertificationSchedule(leadDays: [90, 60, 30, 7])
    let validUntil = CivilDate("2030-04-19")!

    func certificate(_ state: CertificationState = .certified, trackedFrom: String = "2027-04-20",
                     audit: String? = nil, lead: Int? = 90) -> CertificationSchedule.Certificate {
        .init(state: state, validUntil: validUntil, nextSurveillanceDue: audit.flatMap(CivilDate.init),
              trackedFrom: CivilDate(trackedFrom)!, renewalLeadDays: lead)
    }

    func day(_ text: String) -> CivilDate { CivilDate(text)! }

    @Test("each expiry reminder falls on its lead time, once; renewal due and expiry on their days")
    func dayByDay() {
        var sent: Set<ReminderKey> = []
        var state = CertificationState.certified
        var events: [String] = []
        var today = day("2029-12-01")
        while today <= day("2030-04-25") {
            let plan = schedule.plan(for: certificate(state), today: today, sent: sent)
            if let to = plan.transition {
                events.append("\(today) \(to.rawValue)")
                state = to
            }
            for key in plan.reminders {
                events.append("\(today) \(key.daysBefore)")
                sent.insert(key)
            }
            if let next = plan.nextActionOn { #expect(next > today) }
            today = today.adding(days: 1)
        }
        #expect(events == ["2030-01-19 renewalDue", "2030-01-19 90", "2030-02-18 60", "2030-03-20 30", "2030-04-12 7",
                           "2030-04-20 expired"])
    }

    @Test("the next due day is exactly the next reminder, renewal or expiry")
    func nextActionDay() {
        let plan = schedule.plan(for: certificate(), today: day("2027-04-20"), sent: [])
        #expect(plan.transition == nil && plan.reminders.isEmpty)
        #expect(plan.nextActionOn == day("2030-01-19"))
        let withAudit = schedule.plan(for: certificate(audit: "2028-04-20"), today: day("2027-04-20"), sent: [])
        #expect(withAudit.nextActionOn == day("2028-01-21"))
        #expect(schedule.firstActionOn(certificate(), from: day("2027-04-20")) == day("2030-01-19"))
    }

    @Test("days missed while the tracker was down are caught up, not skipped")
    func catchUp() {
        let sent: Set<ReminderKey> = [ReminderKey(kind: .expiry, daysBefore: 90, dueDate: validUntil)]
        // Down from 2030-02-01 to 2030-03-25: the 60- and 30-day reminders are both owed.
        let plan = schedule.plan(for: certificate(.renewalDue), today: day("2030-03-25"), sent: sent)
        #expect(plan.reminders.map(\.daysBefore) == [60, 30])
        #expect(plan.nextActionOn == day("2030-04-12"))
        // Down across the whole end of validity: straight to expired, no stale reminders.
        let late = schedule.plan(for: certificate(), today: day("2030-05-02"), sent: [])
        #expect(late.transition == .expired)
        #expect(late.reminders.isEmpty)
        #expect(late.nextActionOn == nil)
    }

    @Test("a certificate tracked late gets only the latest reminder it missed")
    func trackedLate() {
        // Registered 20 days before expiry: the 30-day reminder at once, not the 90 and 60 too.
        let registered = certificate(.renewalDue, trackedFrom: "2030-03-30")
        let plan = schedule.plan(for: registered, today: day("2030-03-30"), sent: [])
        #expect(plan.reminders.map(\.daysBefore) == [30])
        #expect(plan.nextActionOn == day("2030-04-12"))
        let sent = Set(plan.reminders)
        #expect(schedule.plan(for: registered, today: day("2030-03-31"), sent: sent).reminders.isEmpty)
        #expect(schedule.plan(for: registered, today: day("2030-04-12"), sent: sent).reminders.map(\.daysBefore) == [7])
        // A certified one tracked late moves to renewalDue at once as well.
        #expect(schedule.plan(for: certificate(trackedFrom: "2030-03-30"), today: day("2030-03-30"), sent: []).transition == .renewalDue)
    }

    @Test("surveillance audits get reminders too; suspended certificates only expire")
    func surveillanceAndSuspension() {
        let audited = certificate(audit: "2028-04-20")
        let plan = schedule.plan(for: audited, today: day("2028-01-21"), sent: [])
        #expect(plan.reminders == [ReminderKey(kind: .surveillance, daysBefore: 90, dueDate: day("2028-04-20"))])
        let suspended = schedule.plan(for: certificate(.suspended, audit: "2028-04-20"), today: day("2028-01-21"), sent: [])
        #expect(suspended.reminders.isEmpty && suspended.transition == nil)
        #expect(suspended.nextActionOn == day("2030-04-20"))
        #expect(schedule.plan(for: certificate(.suspended), today: day("2030-04-20"), sent: []).transition == .expired)
        // Audits fall every N months from validFrom, never on or after expiry.
        #expect(CertificationSchedule.surveillanceDue(validFrom: day("2027-04-20"), validUntil: validUntil, months: 12,
                                                      onOrAfter: day("2028-04-21")) == day("2029-04-20"))
        #expect(CertificationSchedule.surveillanceDue(validFrom: day("2027-04-20"), validUntil: validUntil, months: 12,
                                                      onOrAfter: day("2029-04-21")) == nil)
    }

    @Test("certificates that are not in force, or do not expire, get nothing")
    func nothingDue() {
        for state in [CertificationState.planned, .applied, .expired, .cancelled, .rejected] {
            let plan = schedule.plan(for: certificate(state), today: day("2030-02-18"), sent: [])
            #expect(plan.transition == nil && plan.reminders.isEmpty && plan.nextActionOn == nil, "\(state)")
        }
        let forever = CertificationSchedule.Certificate(state: .certified, validUntil: nil, nextSurveillanceDue: nil,
                                                        trackedFrom: day("2027-01-01"), renewalLeadDays: nil)
        #expect(schedule.plan(for: forever, today: day("2040-01-01"), sent: []).nextActionOn == nil)
    }
}
