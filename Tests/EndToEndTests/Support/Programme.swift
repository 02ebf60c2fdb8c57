import Domain
import Foundation
import Postgres
import TestSupport
import Testing

/// The coupon journey driven through intake's real API, as the programme's parties use it: an
/// officer registers providers and enterprises, API clients act for each party, and the state is
/// read back from the API (statuses, timelines, proposals, budgets) and from matching's schema.
struct Programme: Sendable {
    let system: RunningSystem
    let officer: String

    var api: HTTPClient { system.intake }
    /// The fiscal year intake gives requests submitted now.
    var fiscalYear: Int { FiscalYear.containing(Date()).buddhistYear }

    static func open(_ system: RunningSystem) async throws -> Programme {
        let officer = try await system.intake.send("POST", "/v1/api-clients", token: system.operatorToken,
                                                   json: ["name": "เจ้าหน้าที่โครงการ", "role": "officer"])
        try #require(officer.status == 201, "\(officer.text)")
        return Programme(system: system, officer: try #require(officer.json["token"] as? String))
    }

    /// A party the tests act as: its id and its API token.
    struct Party: Sendable {
        var id: String
        var token: String
    }

    /// A qualified provider and its API client.
    func provider(_ name: String, areas: [String] = ["packagingDesign"], productTypes: [String] = ["food"],
                  provinces: [String] = ["TH-50"], capacity: Int = 3) async throws -> Party {
        let registered = try await api.send("POST", "/v1/providers", token: officer, json: [
            "name": name, "kind": "university", "serviceAreas": areas, "productTypes": productTypes, "standards": [],
            "provinceCodes": provinces, "capacity": capacity, "qualified": true,
            "contacts": [["name": "ผู้ประสานงาน \(name)", "email": "provider-\(system.tag)@example.org"]]])
        try #require(registered.status == 201, "\(registered.text)")
        let id = try #require(registered.json["id"] as? String)
        return Party(id: id, token: try await client(name, role: "provider", key: "providerId", id: id))
    }

    /// An enterprise in `province` (its contact person with `phone` when given) and its API client.
    func enterprise(_ name: String, province: String = "TH-50", productType: String = "food",
                    phone: String? = nil) async throws -> Party {
        var contact: [String: Any] = ["name": "ประธาน\(name)", "email": "enterprise-\(system.tag)@example.org"]
        contact["phone"] = phone
        let registered = try await api.send("POST", "/v1/enterprises", token: officer, json: [
            "name": name, "kind": "communityEnterprise", "provinceCode": province, "district": "เมือง",
            "products": [["name": "ผลิตภัณฑ์ของ\(name)", "productType": productType]],
            "contacts": [contact]])
        try #require(registered.status == 201, "\(registered.text)")
        let id = try #require(registered.json["id"] as? String)
        return Party(id: id, token: try await client(name, role: "enterprise", key: "enterpriseId", id: id))
    }

    private func client(_ name: String, role: String, key: String, id: String) async throws -> String {
        let created = try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                         json: ["name": name, "role": role, key: id])
        try #require(created.status == 201, "\(created.text)")
        return try #require(created.json["token"] as? String)
    }

    /// Waits until matching knows `count` providers (providers register long before requests in real life).
    func awaitProviders(_ count: Int) async throws {
        _ = try await eventually("matching to know \(count) providers", timeout: .seconds(60)) { () -> Bool? in
            try await system.count("SELECT count(*)::int8 AS n FROM matching.providers") >= count ? true : nil
        }
    }

    /// Submits a request for the enterprise's product; returns its id.
    func submit(_ enterprise: Party, areas: [String] = ["packagingDesign"], productType: String = "food") async throws -> String {
        let submitted = try await api.send("POST", "/v1/requests", token: enterprise.token, json: [
            "productName": "ผลิตภัณฑ์ทดสอบ", "productType": productType, "serviceAreas": areas,
            "description": "ต้องการพัฒนาผลิตภัณฑ์"])
        try #require(submitted.status == 202, "\(submitted.text)")
        return try #require(submitted.json["id"] as? String)
    }

    /// The request as `token` sees it.
    func request(_ id: String, token: String) async throws -> [String: Any] {
        try await api.send("GET", "/v1/requests/\(id)", token: token).json
    }

    /// Waits until the request's status is `status` (from the timeline matching's events built).
    @discardableResult
    func awaitStatus(_ id: String, _ status: String, timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        try await eventually("request \(id) to be \(status)", timeout: timeout) { () -> [String: Any]? in
            let view = try await request(id, token: officer)
            return view["status"] as? String == status ? view : nil
        }
    }

    /// The event types on the request's timeline, without the `th.otop.` prefix and version.
    func timeline(_ id: String) async throws -> [String] {
        (try await request(id, token: officer)["timeline"] as? [[String: Any]] ?? []).compactMap {
            ($0["type"] as? String).map { String($0.dropFirst("th.otop.".count).dropLast(".v1".count)) }
        }
    }

    /// The timeline entries of one type (their summaries).
    func entries(_ id: String, _ type: String) async throws -> [[String: String]] {
        (try await request(id, token: officer)["timeline"] as? [[String: Any]] ?? [])
            .filter { $0["type"] as? String == "th.otop.\(type).v1" }
            .map { $0["summary"] as? [String: String] ?? [:] }
    }

    /// The request's proposals as `token` sees them (a provider: its own).
    func proposals(of request: String, token: String) async throws -> [[String: Any]] {
        try await api.send("GET", "/v1/proposals?requestId=\(request)", token: token).json["items"] as? [[String: Any]] ?? []
    }

    /// Waits for the provider's proposal of the request in `status`; returns its id.
    func awaitProposal(of request: String, for provider: Party, status: String = "pending",
                       timeout: Duration = .seconds(60)) async throws -> String {
        try await eventually("a \(status) proposal of \(request) to \(provider.id)", timeout: timeout) { () -> String? in
            try await proposals(of: request, token: provider.token).first { $0["status"] as? String == status }?["id"] as? String
        }
    }

    /// Sets the region's budget: the first with `If-None-Match: *`, a change with `If-Match` and the
    /// budget's `ETag` (RFC 9110, as intake asks).
    func setBudget(_ region: String, _ amount: Int) async throws {
        let current = try await api.send("GET", "/v1/budgets/\(fiscalYear)/\(region)", token: officer)
        let known = current.status == 200 && current.json["set"] as? Bool != false
        let precondition = known ? ["If-Match": current.header("ETag") ?? "*"] : ["If-None-Match": "*"]
        let set = try await api.send("PUT", "/v1/budgets/\(fiscalYear)/\(region)", token: officer, json: ["amountBaht": amount],
                                     headers: precondition)
        try #require(set.status == 202, "\(set.text)")
    }

    /// Waits for the region's budget (intake's read model) to satisfy `condition`.
    @discardableResult
    func awaitBudget(_ region: String, _ what: String,
                     _ condition: @escaping @Sendable ([String: Any]) -> Bool) async throws -> [String: Any] {
        try await eventually("the \(region) budget: \(what)", timeout: .seconds(60)) { () -> [String: Any]? in
            let items = try await api.send("GET", "/v1/budgets?fiscalYear=\(fiscalYear)", token: officer).json["items"]
                as? [[String: Any]] ?? []
            return items.first { $0["region"] as? String == region }.flatMap { condition($0) ? $0 : nil }
        }
    }

    /// A provider's load in matching's schema.
    func activeLoad(_ provider: Party) async throws -> Int {
        let id = try #require(UUID(uuidString: provider.id))
        return try await system.query("SELECT active_load FROM matching.providers WHERE id = \(id)").first?
            .decode(Int.self, column: "active_load") ?? -1
    }

    /// The invariants after every flow, read from matching's schema: every provider's `active_load`
    /// is exactly its open proposals plus open assignments and never above its capacity; no region's
    /// budget is promised beyond its allocation and the ledger equals its coupons.
    func checkInvariants(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let wrongLoads = try await system.count("""
            SELECT count(*)::int8 AS n FROM matching.providers p
            WHERE p.active_load <> (SELECT count(*) FROM matching.proposals o WHERE o.provider_id = p.id AND o.status IN ('pending', 'accepted'))
                                 + (SELECT count(*) FROM matching.assignments a WHERE a.provider_id = p.id AND a.status IN ('active', 'workReported'))
               OR p.active_load > p.capacity
            """)
        #expect(wrongLoads == 0, "active_load equals open proposals + open assignments, within capacity", sourceLocation: sourceLocation)
        let wrongBudgets = try await system.count("""
            SELECT count(*)::int8 AS n FROM matching.budgets b
            WHERE b.held_baht + b.committed_baht + b.spent_baht > b.allocated_baht
               OR b.held_baht <> coalesce((SELECT sum(programme_share_baht) FROM matching.coupons c WHERE c.fiscal_year = b.fiscal_year AND c.region = b.region AND c.status = 'held'), 0)
               OR b.committed_baht <> coalesce((SELECT sum(programme_share_baht) FROM matching.coupons c WHERE c.fiscal_year = b.fiscal_year AND c.region = b.region AND c.status = 'committed'), 0)
               OR b.spent_baht <> coalesce((SELECT sum(programme_share_baht) FROM matching.coupons c WHERE c.fiscal_year = b.fiscal_year AND c.region = b.region AND c.status = 'spent'), 0)
            """)
        #expect(wrongBudgets == 0, "budgets within allocation and equal to their coupons", sourceLocation: sourceLocation)
    }
}
