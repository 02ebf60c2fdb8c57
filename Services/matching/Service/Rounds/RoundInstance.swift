import Allocation
import Domain
import Foundation
import Postgres

/// An allocation round's instance as `matching.rounds` keeps it: the problem's requests, providers
/// and budgets in order, and its edges packed 16 bytes each (request index and provider index as
/// 32-bit, score as 64-bit integers, little-endian) — a fifth of the JSON file's size. Reading it
/// back gives the same problem, so `AllocationInstance.encode` writes the same file the round would
/// have written and solving it gives the round's assignment.
struct RoundInstance: Sendable {
    var requests: [UUID]
    var requestRegions: [String]
    var providers: [UUID]
    var maxLoads: [Int]
    var budgetRegions: [String]
    var budgetCoupons: [Int]
    var edges: [UInt8]

    static let columns: StaticString = """
        instance_requests, instance_request_regions, instance_providers, instance_max_loads, instance_budget_regions,
        instance_budget_coupons, instance_edges
        """

    /// The instance of `problem`, whose request and provider ids are UUIDs.
    init(_ problem: AllocationProblem) throws {
        requests = try problem.requests.map { try Self.uuid($0.id) }
        requestRegions = problem.requests.map(\.region)
        providers = try problem.providers.map { try Self.uuid($0.id) }
        maxLoads = problem.providers.map(\.maxLoad)
        budgetRegions = problem.budgets.map(\.region)
        budgetCoupons = problem.budgets.map(\.coupons)
        var packed = [UInt8](repeating: 0, count: problem.edges.count * 16)
        packed.withUnsafeMutableBytes { buffer in
            for k in 0..<problem.edges.count {
                let edge = problem.edges[k]
                buffer.storeBytes(of: Int32(edge.request).littleEndian, toByteOffset: k * 16, as: Int32.self)
                buffer.storeBytes(of: Int32(edge.provider).littleEndian, toByteOffset: k * 16 + 4, as: Int32.self)
                buffer.storeBytes(of: Int64(edge.score).littleEndian, toByteOffset: k * 16 + 8, as: Int64.self)
            }
        }
        edges = packed
    }

    init(row: PostgresRow) throws {
        requests = try row.decode([UUID].self, column: "instance_requests")
        requestRegions = try row.decode([String].self, column: "instance_request_regions")
        providers = try row.decode([UUID].self, column: "instance_providers")
        maxLoads = try row.decode([Int].self, column: "instance_max_loads")
        budgetRegions = try row.decode([String].self, column: "instance_budget_regions")
        budgetCoupons = try row.decode([Int].self, column: "instance_budget_coupons")
        edges = try row.decode([UInt8].self, column: "instance_edges")
    }

    /// The problem again, validated like any other.
    func problem() throws -> AllocationProblem {
        guard requests.count == requestRegions.count, providers.count == maxLoads.count,
              budgetRegions.count == budgetCoupons.count, edges.count % 16 == 0 else {
            throw InconsistentState("a stored round instance has columns of different lengths")
        }
        var candidates = CandidateEdges()
        candidates.reserveCapacity(edges.count / 16)
        edges.withUnsafeBytes { buffer in
            for offset in stride(from: 0, to: buffer.count, by: 16) {
                let request = Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: Int32.self))
                let provider = Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 4, as: Int32.self))
                let score = Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self))
                candidates.append(request: Int(request), provider: Int(provider), score: Int(score))
            }
        }
        return try AllocationProblem(
            requests: zip(requests, requestRegions).map { AllocationRequest(id: $0.lowercased, region: $1) },
            providers: zip(providers, maxLoads).map { AllocationProvider(id: $0.lowercased, maxLoad: $1) },
            budgets: zip(budgetRegions, budgetCoupons).map { RegionBudget(region: $0, coupons: $1) },
            candidates: candidates)
    }

    private static func uuid(_ id: String) throws -> UUID {
        guard let uuid = UUID(uuidString: id) else { throw InconsistentState("round instance id '\(id)' is not a UUID") }
        return uuid
    }
}
