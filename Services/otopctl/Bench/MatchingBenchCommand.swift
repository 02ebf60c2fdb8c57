import Allocation
import ArgumentParser
import Domain
import Foundation
import Messaging

/// `otopctl bench matching`: solves one allocation round and prints
/// `objective=<integer> solve_ms=<float>` (solve time only: generation, file reading and
/// parsing are not counted).
struct MatchingBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matching",
        abstract: "Solve an allocation round (generated, or read from an instance file) and print its objective and solve time.",
        discussion: """
            Either generate a round: --requests N --providers M --seed S [--export FILE]
            or read one: --instance FILE (the JSON format in docs/allocation.md).
            """)

    @Option(help: "Requests in the generated round.")
    var requests: Int?

    @Option(help: "Providers in the generated round.")
    var providers: Int?

    @Option(help: "Seed of the generated round.")
    var seed: UInt64 = 1

    @Option(help: "Write the generated round to this file in the instance format.")
    var export: String?

    @Option(help: "Solve this instance file instead of generating a round.")
    var instance: String?

    @Option(help: "Break exact ties by a seeded lottery instead of input order.")
    var lotterySeed: UInt64?

    @Flag(help: "Also print the solver's work counters and the unassigned reasons (second line).")
    var verbose = false

    func validate() throws {
        if instance != nil {
            guard requests == nil, providers == nil, export == nil else {
                throw ValidationError("--instance cannot be combined with --requests, --providers or --export")
            }
        } else {
            guard let requests, let providers else {
                throw ValidationError("give --instance FILE, or --requests N --providers M [--seed S]")
            }
            guard requests >= 0, providers >= 0 else {
                throw ValidationError("--requests and --providers must not be negative")
            }
        }
    }

    func run() async throws {
        let problem: AllocationProblem
        if let instance {
            guard let data = FileManager.default.contents(atPath: instance) else {
                throw CommandError("cannot read instance file \(instance)")
            }
            do {
                problem = try AllocationInstance.decode([UInt8](data))
            } catch {
                throw CommandError("\(instance): \(error)")
            }
        } else {
            let places = Province.all.map { MatchingInstanceGenerator.Place(province: $0.isoCode, region: $0.region.rawValue) }
            problem = try MatchingInstanceGenerator(places: places)
                .generate(requests: requests ?? 0, providers: providers ?? 0, seed: seed)
            if let export {
                let bytes = AllocationInstance.encode(problem)
                guard FileManager.default.createFile(atPath: export, contents: Data(bytes)) else {
                    throw CommandError("cannot write instance file \(export)")
                }
            }
        }
        let solver = AllocationSolver(tieBreak: lotterySeed.map { .lottery(seed: $0) } ?? .inputOrder)
        let clock = ContinuousClock()
        var result: AllocationResult?
        let elapsed = clock.measure { result = solver.solve(problem) }
        guard let result else { return }
        print("objective=\(result.objective) solve_ms=\(String(format: "%.3f", elapsed.seconds * 1000))")
        if verbose {
            var reasons: [UnassignedReason: Int] = [:]
            for entry in result.unassigned { reasons[entry.reason, default: 0] += 1 }
            let s = result.statistics
            let counts = UnassignedReason.allCases.map { "\($0.rawValue)=\(reasons[$0, default: 0])" }.joined(separator: " ")
            print("requests=\(problem.requests.count) providers=\(problem.providers.count) edges=\(problem.edges.count) "
                  + "assigned=\(result.assignments.count) \(counts) nodes=\(s.nodes) arc_slots=\(s.arcSlots) "
                  + "phases=\(s.phases) pushes=\(s.pushes) relabels=\(s.relabels) global_updates=\(s.globalUpdates)")
        }
    }
}
