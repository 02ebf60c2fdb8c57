import Contracts
import Domain
import Foundation
import Logging

extension Journey {
    /// An officer sets a region's coupon budget for a fiscal year: the ledger's allocation changes
    /// (or `budget.set-refused` says why not), and requests parked for lack of budget there get
    /// another look.
    func budgetSet(_ command: BudgetSet, context: JourneyContext) async throws {
        if let refusal = try await ledger.set(command, context: context) {
            try await context.emit(refusal, correlationID: refusal.aggregateID)
            context.logger.notice("budget set refused", metadata: ["budget": "\(refusal.aggregateID)", "reason": "\(refusal.reason)"])
            return
        }
        try await matchmaker.retryParked([.regionBudgetExhausted], fiscalYear: command.fiscalYear, region: command.region,
                                         context: context)
    }
}
