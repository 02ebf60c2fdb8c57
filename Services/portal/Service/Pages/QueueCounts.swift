import Foundation
import Synchronization

/// The navigation's queue counts (`GET /v1/queues`, A8), kept per session for 30 seconds so that
/// every page does not ask again. While intake does not serve the route, no count is shown (the
/// answer "not there" is kept for 5 minutes).
final class QueueCounts: Sendable {
    /// `GET /v1/queues`.
    struct Answer: Decodable, Sendable {
        struct Thresholds: Decodable, Sendable {
            var unconfirmedWorkDays: Int
            var idleAssignmentDays: Int
            var expiringCertificateDays: Int
        }
        var counts: [String: Int]
        var thresholds: Thresholds?
    }

    let intake: IntakeClient
    private let kept = Mutex<[UUID: (answer: Answer?, until: Date)]>([:])

    init(intake: IntakeClient) {
        self.intake = intake
    }

    /// The counts for `session`, `nil` when intake has no such route yet.
    func answer(session: Session, now: Date = Date()) async -> Answer? {
        if let entry = kept.withLock({ $0[session.id] }), entry.until > now { return entry.answer }
        var answer: Answer?
        var keep: TimeInterval = 30
        do {
            answer = try await intake.get("/v1/queues", as: Answer.self, session: session)
        } catch {
            keep = error.status == 404 || error.status == 405 ? 300 : 10
        }
        kept.withLock { kept in
            if kept.count > 10_000 { kept = kept.filter { $0.value.until > now } }
            kept[session.id] = (answer, now.addingTimeInterval(keep))
        }
        return answer
    }

    /// The sum of every queue, for the navigation.
    func total(session: Session) async -> Int? {
        await answer(session: session).map { $0.counts.values.reduce(0, +) }
    }

    /// Forgets the counts of a session (after an action that changes a queue).
    func forget(_ session: UUID) {
        _ = kept.withLock { $0.removeValue(forKey: session) }
    }
}
