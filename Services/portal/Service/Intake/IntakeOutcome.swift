import Foundation

extension IntakeClient {
    /// Runs an intake call whose refusals with one of `statuses` the page shows itself (a 409 as the
    /// current state, a 412 as what changed, a 422 beside its fields): those come back as `.failure`,
    /// any other refusal is thrown (to the error page).
    ///
    /// Written as a catch-all followed by a `guard`: a `catch ... where` that lets the rest of a
    /// typed-throws call's errors propagate crashes the Swift 6.3 compiler (SILGen cleanup,
    /// "Found ownership error").
    static func outcome<Value>(showing statuses: Set<Int>, _ call: () async throws(IntakeProblem) -> Value)
        async throws(IntakeProblem) -> Result<Value, IntakeProblem> {
        let refusal: IntakeProblem
        do {
            return .success(try await call())
        } catch {
            refusal = error
        }
        guard statuses.contains(refusal.status) else { throw refusal }
        return .failure(refusal)
    }
}
