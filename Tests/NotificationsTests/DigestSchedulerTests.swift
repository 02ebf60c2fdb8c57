import Contracts
import Domain
import Foundation
import Logging
import Postgres
import TestSupport
import Testing
@testable import NotificationsService

/// The weekly digest against the real PostgreSQL with a test clock: exactly once per week and
/// region, whichever of two schedulers (two replicas) gets there, and again the next week.
@Suite("Weekly officer digest (real PostgreSQL, test clock)", .serialized)
struct DigestSchedulerTests {
    private func bangkok(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        ThaiCalendar.gregorian.date(from: DateComponents(year: 2026, month: month, day: day, hour: hour, minute: minute))!
    }

    @Test("Two replicas racing at the send time queue one digest per region and officer; nothing again until next week")
    func exactlyOncePerWeekAndRegion() async throws {
        try await NotificationsDatabase.with { database in
            let north = UUID(), south = UUID()
            let submitted = try EventExamples.load(RequestSubmitted.self)
            let budget = try EventExamples.data(BudgetUpdated.self)
            var older = budget
            older.updatedAt = budget.updatedAt.addingTimeInterval(-60)
            older.committedBaht = 1
            let officers = try [(north, Region.north), (south, Region.south)].map { id, region in
                try ConsumedMessage.payload(ContactsUpserted(partyId: id, partyKind: .officer, partyName: "สำนักงาน\(region.nameTH)",
                                                             contacts: [Fixtures.person(channels: [.email])], region: region))
            }
            try await database.consume(officers + [
                .event(submitted),   // 2026-11-25, north
                .payload(budget),
                .payload(older),     // older: ignored
            ])
            let clock = ManualClock(bangkok(11, 30, 8, 0))   // Monday 08:00
            let schedule = DigestSchedule(weekday: 1, hour: 8, minute: 0)
            let replicas = (0..<2).map { _ in
                DigestScheduler(schedule: schedule, clock: clock, pool: database.pool, logger: Logger(label: "digest-tests"))
            }
            async let first = replicas[0].sendDue()
            async let second = replicas[1].sendDue()
            let queued = try await first + second
            #expect(queued.sorted() == Region.allCases.sorted(), "each region queued once, by one replica or the other")
            #expect(try await database.count("SELECT count(*)::int8 AS n FROM notifications.digests") == Region.allCases.count)
            #expect(try await database.count("SELECT count(*)::int8 AS n FROM notifications.messages WHERE template = 'officer-digest'") == 2)

            clock.advance(by: 3600)
            #expect(try await replicas[0].sendDue().isEmpty)
            #expect(try await replicas[1].sendDue().isEmpty)

            let facts = try await database.pool.query("""
                SELECT facts FROM notifications.messages WHERE template = 'officer-digest' AND recipient_party_id = \(north)
                """).first!.decodeJSON(MessageFacts.self, column: "facts", decoder: EventCoding.decoder)
            guard case .digest(let digest) = facts else { Issue.record("not digest facts: \(facts)"); return }
            #expect(digest.count(.requestReceived) == 1)
            #expect(digest.budget?.committedBaht == 3_280_000)
            #expect(digest.periodStart == bangkok(11, 23, 8))

            clock.set(bangkok(12, 7, 8, 5))
            #expect(try await replicas[1].sendDue().count == Region.allCases.count, "next week's digests")
            #expect(try await database.count("SELECT count(*)::int8 AS n FROM notifications.messages WHERE template = 'officer-digest'") == 4)
        }
    }

    @Test("The digest renders the week's figures and the budget in Thai with Buddhist-Era dates")
    func digestWording() throws {
        let message = try Fixtures.renderer.render(.officerDigest, facts: .digest(Fixtures.digest),
                                                   context: MessageContext(recipientName: "สำนักงานภาคเหนือ", request: nil, providerName: nil),
                                                   language: .th, parts: TemplatePart.allCases)
        #expect(message.subject == "สรุปประจำสัปดาห์ ภาคเหนือ 23 พฤศจิกายน 2569 – 30 พฤศจิกายน 2569")
        #expect(message.text.contains("คำขอที่ได้รับ: 12"))
        #expect(message.text.contains("รอเกินกำหนดตอบรับ: 1"))
        #expect(message.text.contains("งบคูปองปีงบประมาณ 2570: จัดสรร 24,000,000 บาท"))
        #expect(message.text.contains("(ใช้ไป 18%)"))
    }
}
