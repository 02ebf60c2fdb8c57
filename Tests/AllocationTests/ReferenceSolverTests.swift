import Allocation
import Foundation
import Testing

/// Compares objectives with OR-Tools' min-cost-flow solver (scripts/reference_solver.py, run
/// with the project venv's Python: `$OTOP_VENV`, default `<package>/.local/venv`, which
/// scripts/setup.sh creates with ortools installed).
@Suite("Objectives equal OR-Tools on medium rounds")
struct ReferenceSolverTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var python: URL {
        let venv = ProcessInfo.processInfo.environment["OTOP_VENV"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.appendingPathComponent(".local/venv")
        return venv.appendingPathComponent("bin/python")
    }

    /// Runs the reference solver on `problem` and returns its objective.
    static func referenceObjective(_ problem: AllocationProblem) throws -> Int {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("allocation-reference-\(UUID().uuidString).json")
        try Data(AllocationInstance.encode(problem)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = python
        process.arguments = [packageRoot.appendingPathComponent("scripts/reference_solver.py").path, file.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "reference solver failed (\(python.path)): \(errorText)")
        let field = try #require(text.split(separator: " ").first { $0.hasPrefix("objective=") }, "no objective in: \(text)")
        return try #require(Int(field.dropFirst("objective=".count)))
    }

    @Test(arguments: [(seed: UInt64(11), requests: 200, providers: 30), (12, 500, 60), (13, 1000, 150),
                      (14, 2000, 300), (15, 2000, 120)])
    func objectiveEqualsORTools(seed: UInt64, requests: Int, providers: Int) throws {
        let problem = RandomInstances.medium(seed: seed, requests: requests, providers: providers)
        let result = AllocationSolver().solve(problem)
        Feasibility.check(result, against: problem)
        #expect(result.objective == (try Self.referenceObjective(problem)), "seed \(seed)")
        let lottery = AllocationSolver(tieBreak: .lottery(seed: seed)).solve(problem)
        #expect(lottery.objective == result.objective)
        Feasibility.check(lottery, against: problem)
    }
}
