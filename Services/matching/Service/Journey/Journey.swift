import Contracts
import Domain
import Foundation
import Logging
import Postgres

/// The coupon journey as matching applies it: every step reads the request's row under its lock,
/// asks the state machine (``Domain/RequestStatus/applying(_:)``, ``Domain/ProposalStatus/applying(_:)``)
/// and only then writes the new states, the capacity and budget moves and the outcome events, all in
/// the caller's transaction (a handler's batch, or the expiry scheduler's).
///
/// Capacity is held from the proposal on: a pending or accepted proposal holds one unit of the
/// provider's `active_load`, the confirmed proposal hands it to the assignment, and decline, expiry,
/// withdrawal and completion give it back. So `active_load` always equals the provider's open
/// proposals plus open assignments. The request's coupon is held against its region's budget from
/// its first proposal, committed on assignment, spent on completion, and released when no provider
/// takes it or it is withdrawn.
struct Journey: Sendable {
    let configuration: MatchingConfiguration
    let matchmaker: Matchmaker
    let ledger: BudgetLedger

    init(configuration: MatchingConfiguration) {
        self.configuration = configuration
        let ledger = BudgetLedger(policy: configuration.unsetBudget)
        self.ledger = ledger
        self.matchmaker = Matchmaker(scorer: configuration.scorer, responseWindow: configuration.responseWindow,
                                     parallelProposals: configuration.parallelProposals, ledger: ledger,
                                     retryLimit: configuration.retryLimit)
    }

    // MARK: Applying commands

    /// Applies a party's command. `body` checks with the state machine before (or while) writing; when
    /// it throws a ``JourneyRefusal`` everything it wrote is rolled back (a savepoint) and the refusal
    /// is published as `match.command-refused`, naming the state that made the command illegal. A
    /// refusal `body` returns is published without rolling back (the command was too late, and what
    /// it found due was done).
    func apply(_ command: JourneyCommandEvent, request: UUID, context: JourneyContext,
               _ body: () async throws -> JourneyRefusal?) async throws {
        let connection = context.connection
        try await connection.execute("SAVEPOINT journey_command")
        var refusal: JourneyRefusal?
        do {
            refusal = try await body()
            try await connection.execute("RELEASE SAVEPOINT journey_command")
        } catch let thrown as JourneyRefusal {
            try await connection.execute("ROLLBACK TO SAVEPOINT journey_command")
            refusal = thrown
        }
        guard let refusal else { return }
        try await context.emit(MatchCommandRefused(requestId: request, commandEventId: command.eventID,
                                                   commandType: command.eventType, currentState: refusal.currentState,
                                                   reason: refusal.reason, actor: command.actor, refusedAt: context.now),
                               journey: request)
        context.logger.notice("command refused", metadata: [
            "request_id": "\(request)", "command": "\(command.eventType)", "state": "\(refusal.currentState)",
            "reason": "\(refusal.reason)"])
    }

    // MARK: Rows

    /// The request, locked for this transaction; `nil` when matching does not know it.
    func lockRequest(_ id: UUID, skipLocked: Bool = false, on connection: PostgresConnection) async throws -> RequestRecord? {
        let rows = skipLocked
            ? try await connection.query("SELECT \(sql: RequestRecord.columns) FROM matching.requests WHERE id = \(id) FOR UPDATE SKIP LOCKED")
            : try await connection.query("SELECT \(sql: RequestRecord.columns) FROM matching.requests WHERE id = \(id) FOR UPDATE")
        return try rows.first.map(RequestRecord.init(row:))
    }

    /// The request, locked, or the refusal for a request matching has not heard of.
    func requireRequest(_ id: UUID, on connection: PostgresConnection) async throws -> RequestRecord {
        guard let request = try await lockRequest(id, on: connection) else {
            throw JourneyRefusal(currentState: "unknown", reason: "matching knows no request \(id.lowercased)")
        }
        return request
    }

    /// The request's proposal, locked, or the refusal naming what is missing.
    func requireProposal(_ id: UUID, of request: RequestRecord, on connection: PostgresConnection) async throws -> ProposalRecord {
        let rows = try await connection.query("""
            SELECT \(sql: ProposalRecord.columns) FROM matching.proposals WHERE id = \(id) AND request_id = \(request.id) FOR UPDATE
            """)
        guard let proposal = try rows.first.map(ProposalRecord.init(row:)) else {
            throw JourneyRefusal(currentState: request.status.rawValue,
                                 reason: "request \(request.reference) has no proposal \(id.lowercased)")
        }
        return proposal
    }

    /// The request's open proposals (pending or accepted), locked.
    func openProposals(of request: UUID, on connection: PostgresConnection) async throws -> [ProposalRecord] {
        try await connection.query("""
            SELECT \(sql: ProposalRecord.columns) FROM matching.proposals
            WHERE request_id = \(request) AND status IN (\(ProposalStatus.pending.rawValue), \(ProposalStatus.accepted.rawValue))
            ORDER BY created_at FOR UPDATE
            """).map(ProposalRecord.init(row:))
    }

    /// The request's open assignment (active or work reported), locked.
    func openAssignment(of request: UUID, on connection: PostgresConnection) async throws -> AssignmentRecord? {
        try await connection.query("""
            SELECT \(sql: AssignmentRecord.columns) FROM matching.assignments
            WHERE request_id = \(request) AND status IN (\(AssignmentStatus.active.rawValue), \(AssignmentStatus.workReported.rawValue))
            FOR UPDATE
            """).first.map(AssignmentRecord.init(row:))
    }

    /// Moves the request through `transition` (checked) and stores the new state.
    @discardableResult
    func advance(_ request: inout RequestRecord, _ transition: RequestStatus.Transition,
                 context: JourneyContext) async throws -> RequestStatus {
        let status = try request.status.applying(transition)
        try await context.connection.execute("""
            UPDATE matching.requests SET status = \(status.rawValue), updated_at = \(context.now) WHERE id = \(request.id)
            """)
        request.status = status
        return status
    }

    /// Closes a pending or accepted proposal (declined, expired, withdrawn: checked) and gives its
    /// unit of capacity back to the provider.
    func close(_ proposal: ProposalRecord, _ transition: ProposalStatus.Transition, reason: String?,
               context: JourneyContext) async throws {
        let status = try proposal.status.applying(transition)
        try await context.connection.execute("""
            UPDATE matching.proposals SET status = \(status.rawValue), reason = \(reason), closed_at = \(context.now)
            WHERE id = \(proposal.id)
            """)
        try await matchmaker.release(proposal.providerID, on: context.connection)
    }

    /// After a proposal closed: when none is left open, the request goes back to matching and the
    /// next candidate is proposed (never one offered the request before), or it is parked.
    func proposalClosed(_ request: inout RequestRecord, context: JourneyContext) async throws {
        guard try await matchmaker.openProposalCount(request.id, on: context.connection) == 0 else { return }
        try await advance(&request, .proposalsClosed, context: context)
        try await matchmaker.place(request, announceUnmatched: true, context: context)
    }

    /// After capacity or budget was given back: parked requests that it may help get another look.
    func freed(capacity: Bool, budgetOf request: RequestRecord?, except: UUID?, context: JourneyContext) async throws {
        if capacity {
            try await matchmaker.retryParked([.allCandidatesFull], except: except, context: context)
        }
        if let request {
            try await matchmaker.retryParked([.regionBudgetExhausted], fiscalYear: request.fiscalYear, region: request.region,
                                             except: except, context: context)
        }
    }

    /// The refusal for an actor acting on a request that is not theirs.
    func notTheirs(_ request: RequestRecord, _ what: String) -> JourneyRefusal {
        JourneyRefusal(currentState: request.status.rawValue, reason: what)
    }
}
