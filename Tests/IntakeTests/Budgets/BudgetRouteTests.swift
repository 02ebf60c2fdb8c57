import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import Testing

/// Budgets as officers follow them (docs/console.md, A9): every region answers, set or not; a
/// refusal says why in both languages and who asked, while it is newer than the last setting; the
/// ledger lists every change newest first.
@Suite("Budgets: every region, the refusal's reason, the ledger")
struct BudgetRouteTests {
    private func updated(_ region: Region, allocated: Int, held: Int = 0, committed: Int = 0, change: String, request: UUID? = nil,
                         at: Date) -> BudgetUpdated {
        BudgetUpdated(fiscalYear: 2570, region: region, allocatedBaht: allocated, committedBaht: committed, spentBaht: 0,
                      releasedBaht: 0, availableBaht: allocated - held - committed, change: change, requestId: request, updatedAt: at,
                      heldBaht: held)
    }

    @Test("a budget not set yet answers 200 with set false, zeros, lastChange none and ETag 0; the list has every region in order")
    func unsetBudgets() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let officer = try await f.token(.officer), north = try await f.token(.officer, region: .north)
                let answer = try await client.send(.get, "/v1/budgets/2570/south", token: officer)
                #expect(answer.status == .ok)
                #expect(answer.etag == "\"0\"")
                let budget = try answer.decode(BudgetView.self)
                #expect(!budget.set && budget.allocatedBaht == 0 && budget.availableBaht == 0)
                #expect(budget.lastChange == "none" && budget.updatedAt == nil && budget.lastRefusal == nil)
                try await f.deliver(updated(.east, allocated: 5_000_000, change: "set", at: Date()))
                let list = try await client.send(.get, "/v1/budgets?fiscalYear=2570", token: officer)
                let items = try list.decode([String: [BudgetView]].self)["items"] ?? []
                #expect(items.map(\.region) == Region.allCases)
                #expect(items.map(\.set) == Region.allCases.map { $0 == .east })
                let scoped = try await client.send(.get, "/v1/budgets?fiscalYear=2570", token: north)
                #expect(try scoped.decode([String: [BudgetView]].self)["items"]?.map(\.region) == [.north])
                #expect(try await client.send(.get, "/v1/budgets/2570/south", token: north).status == .notFound)
                #expect(try await client.send(.get, "/v1/budgets/2570/mars", token: officer).status == .notFound)
            }
        }
    }

    @Test("a refused first setting shows its reason in Thai and English and who asked; a later setting hides it")
    func refusal() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let officer = try await f.call.json(.post, "/v1/api-clients", token: try await f.token(.operator),
                                                    ["name": "สำนักงานภาคใต้", "role": "officer", "region": "south"])
                let issued = try officer.decode(IssuedClient.self)
                let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
                try await f.deliver(BudgetSetRefused(fiscalYear: 2570, region: .south, requestedBaht: 1_000_000, minimumBaht: 1_200_000,
                                                     reason: "below held + committed + spent", setBy: Actor(role: .officer, clientId: issued.id),
                                                     refusedAt: start))
                var budget = try await client.send(.get, "/v1/budgets/2570/south", token: issued.token).decode(BudgetView.self)
                #expect(!budget.set)
                let refusal = try #require(budget.lastRefusal)
                #expect(refusal.reasonTH == "ตั้งงบ 1,000,000 บาทไม่ได้: จองไว้ ผูกพัน และใช้ไปแล้ว 1,200,000 บาท ต้องไม่น้อยกว่านั้น")
                #expect(refusal.reasonEN == "Cannot set 1,000,000 baht: 1,200,000 baht is already held, committed and spent; the budget cannot be lower")
                #expect(refusal.setBy == "สำนักงานภาคใต้")
                #expect(refusal.requestedBaht == 1_000_000 && refusal.minimumBaht == 1_200_000)
                try await f.deliver(updated(.south, allocated: 2_000_000, change: "set", at: start.addingTimeInterval(60)))
                budget = try await client.send(.get, "/v1/budgets/2570/south", token: issued.token).decode(BudgetView.self)
                #expect(budget.set && budget.allocatedBaht == 2_000_000 && budget.lastRefusal == nil)
                // A refusal after the setting shows again.
                try await f.deliver(BudgetSetRefused(fiscalYear: 2570, region: .south, requestedBaht: 10, minimumBaht: 500_000,
                                                     reason: "below", setBy: Actor(role: .officer, clientId: issued.id),
                                                     refusedAt: start.addingTimeInterval(120)))
                budget = try await client.send(.get, "/v1/budgets/2570/south", token: issued.token).decode(BudgetView.self)
                #expect(budget.lastRefusal?.requestedBaht == 10)
                #expect(budget.allocatedBaht == 2_000_000)
            }
        }
    }

    @Test("the ledger lists every change newest first with the request's reference, paged with a cursor")
    func ledger() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let officer = try await f.token(.officer)
                let enterprise = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                                    Samples.enterprise(province: "TH-50")).id)
                let submitted = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprise))
                let request = try #require(submitted.id), reference = try submitted.decode(SubmittedAnswer.self).reference
                let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
                try await f.deliver(updated(.north, allocated: 1_000_000, change: "set", at: start))
                try await f.deliver(updated(.north, allocated: 1_000_000, held: 100_000, change: "held", request: request,
                                            at: start.addingTimeInterval(1)))
                try await f.deliver(BudgetSetRefused(fiscalYear: 2570, region: .north, requestedBaht: 50_000, minimumBaht: 100_000,
                                                     reason: "below", setBy: Actor(role: .officer), refusedAt: start.addingTimeInterval(2)))
                try await f.deliver(updated(.north, allocated: 1_000_000, committed: 100_000, change: "committed", request: request,
                                            at: start.addingTimeInterval(3)))
                let first = try await client.send(.get, "/v1/budgets/2570/north/ledger?limit=2", token: officer)
                #expect(first.status == .ok, "\(first.text)")
                let page = try first.decode(Page<BudgetLedgerEntry>.self)
                #expect(page.items.map(\.change) == ["committed", "refused"])
                #expect(page.items[0].requestReference == reference && page.items[0].committedBaht == 100_000)
                #expect(page.items[1].requestedBaht == 50_000 && page.items[1].minimumBaht == 100_000)
                #expect(page.items[1].heldBaht == 100_000, "a refusal shows the totals as they stood")
                let second = try await client.send(.get, try #require(page.next), token: officer).decode(Page<BudgetLedgerEntry>.self)
                #expect(second.items.map(\.change) == ["held", "set"])
                #expect(second.next == nil)
                #expect(try await client.send(.get, "/v1/budgets/2570/south/ledger", token: officer)
                    .decode(Page<BudgetLedgerEntry>.self).items.isEmpty)
            }
        }
    }
}
