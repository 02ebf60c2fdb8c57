import Allocation
import Foundation
import Postgres
import TestSupport
import Testing

/// The coupon journey through the real executables, PostgreSQL and broker: intake's API in, matching's
/// state machine, budgets and rounds, intake's timeline and read models out. After every flow the
/// database must show `active_load` equal to the open proposals and assignments and every budget
/// within its allocation.
@Suite("End to end: the coupon journey", .serialized)
struct JourneyTests {
    /// Starts the services with `environment`, runs `scenario`, stops them; on failure the logs are attached.
    private func run(_ names: [String] = ["intake", "matching"], _ environment: [String: String] = [:],
                     _ scenario: (Programme) async throws -> Void) async throws {
        try await RunningSystem.run(names, extraEnvironment: environment) { try await scenario(try await Programme.open($0)) }
    }

    @Test("officer screening both ways: eligible goes on to a proposal, not eligible ends with the reason (automatic screening: journeyToTheEnd's timeline has no screening step)")
    func screening() async throws {
        try await run(["intake", "matching"], ["MATCHING_SCREENING": "officer"]) { p in
            _ = try await p.provider("คลินิกแม่โจ้")
            try await p.awaitProviders(1)
            let enterprise = try await p.enterprise("กลุ่มแม่ริม")
            let eligible = try await p.submit(enterprise)
            let rejected = try await p.submit(enterprise)
            try await p.awaitStatus(eligible, "awaitingScreening")
            try await p.awaitStatus(rejected, "awaitingScreening")
            #expect(try await p.api.send("POST", "/v1/requests/\(eligible)/screening", token: enterprise.token,
                                         json: ["eligible": true]).status == 403)
            #expect(try await p.api.send("POST", "/v1/requests/\(eligible)/screening", token: p.officer,
                                         json: ["eligible": true]).status == 202)
            #expect(try await p.api.send("POST", "/v1/requests/\(rejected)/screening", token: p.officer,
                                         json: ["eligible": false, "reason": "ไม่ได้ขึ้นทะเบียน OTOP"]).status == 202)
            try await p.awaitStatus(eligible, "proposed")
            try await p.awaitStatus(rejected, "notEligible")
            #expect(try await p.timeline(eligible) == ["request.submitted", "match.awaiting-screening", "request.screened",
                                                       "match.screened", "match.proposed"])
            #expect(try await p.entries(rejected, "match.screened").first?["reason"] == "ไม่ได้ขึ้นทะเบียน OTOP")
            let again = try await p.api.send("POST", "/v1/requests/\(rejected)/screening", token: p.officer, json: ["eligible": true])
            #expect(again.status == 409 && again.json["currentState"] as? String == "notEligible")
            try await p.checkInvariants()
        }
    }

    @Test("accept → confirm → assigned → work → completion → rating: the coupon is committed then spent, capacity freed, and the provider's past-outcome score changes")
    func journeyToTheEnd() async throws {
        try await run { p in
            let provider = try await p.provider("อุทยานวิทยาศาสตร์ขอนแก่น", provinces: ["TH-40"], capacity: 2)
            try await p.awaitProviders(1)
            try await p.setBudget("northeast", 1_000_000)
            try await p.awaitBudget("northeast", "set") { $0["allocatedBaht"] as? Int == 1_000_000 }
            let enterprise = try await p.enterprise("กลุ่มทอผ้าขอนแก่น", province: "TH-40")
            let request = try await p.submit(enterprise)
            let proposal = try await p.awaitProposal(of: request, for: provider)
            try await p.awaitBudget("northeast", "one coupon held") { $0["heldBaht"] as? Int == 54_000 }
            #expect(try await p.api.send("POST", "/v1/proposals/\(proposal)/accept", token: provider.token).status == 202)
            try await p.awaitStatus(request, "accepted")
            #expect(try await p.api.send("POST", "/v1/proposals/\(proposal)/confirm", token: enterprise.token).status == 202)
            try await p.awaitStatus(request, "assigned")
            try await p.awaitBudget("northeast", "committed") { $0["committedBaht"] as? Int == 54_000 && $0["heldBaht"] as? Int == 0 }
            #expect(try await p.activeLoad(provider) == 1)
            try await p.checkInvariants()
            #expect(try await p.api.send("POST", "/v1/requests/\(request)/work-report", token: provider.token,
                                         json: ["summary": "ออกแบบบรรจุภัณฑ์ใหม่ 3 แบบ"]).status == 202)
            try await p.awaitStatus(request, "workReported")
            #expect(try await p.api.send("POST", "/v1/requests/\(request)/completion", token: enterprise.token).status == 202)
            try await p.awaitStatus(request, "completed")
            try await p.awaitBudget("northeast", "spent") {
                $0["spentBaht"] as? Int == 54_000 && $0["committedBaht"] as? Int == 0 && $0["availableBaht"] as? Int == 946_000
            }
            #expect(try await p.activeLoad(provider) == 0)
            #expect(try await p.api.send("POST", "/v1/requests/\(request)/rating", token: enterprise.token, json: [
                "rating": 5, "comment": "ยอดขายเพิ่มขึ้น", "monthlyIncomeBeforeBaht": 40_000, "monthlyIncomeAfterBaht": 48_000,
            ]).status == 202)
            let rated = try await eventually("the rating on the timeline", timeout: .seconds(60)) {
                try await p.entries(request, "match.rated").first
            }
            #expect(rated["rating"] == "5" && rated["incomeChangePercent"] == "20.0")
            // Automatic screening (the default) proposes at once: no screening step on the timeline.
            #expect(try await p.timeline(request).filter { $0.hasPrefix("match.") } == [
                "match.proposed", "match.accepted", "match.assigned", "match.work-reported", "match.completed", "match.rated"])

            // The provider's next proposal is scored on its record (1 completed, rated 5), not the priors.
            let next = try await p.submit(enterprise)
            let nextProposal = try await p.awaitProposal(of: next, for: provider)
            let before = try await p.api.send("GET", "/v1/proposals/\(proposal)", token: provider.token).json
            let after = try await p.api.send("GET", "/v1/proposals/\(nextProposal)", token: provider.token).json
            func points(_ proposal: [String: Any], _ name: String) -> Int {
                ((proposal["score"] as? [String: Any])?["criteria"] as? [[String: Any]] ?? [])
                    .first { $0["criterion"] as? String == name }?["points"] as? Int ?? -1
            }
            #expect(points(after, "completionRate") > points(before, "completionRate"))
            #expect(points(after, "rating") > points(before, "rating"))
            try await p.checkInvariants()
        }
    }

    @Test("decline → the next candidate; an unanswered proposal expires (once) → the next; never back to one that declined or let it expire")
    func declineAndExpiry() async throws {
        try await run(["intake", "matching"], ["MATCHING_RESPONSE_WINDOW_SECONDS": "8"]) { p in
            let near = try await p.provider("ใกล้", provinces: ["TH-50"])
            let region = try await p.provider("ในภาค", provinces: ["TH-57"])
            let far = try await p.provider("ไกล", provinces: ["TH-90"])
            try await p.awaitProviders(3)
            let request = try await p.submit(try await p.enterprise("กลุ่มแม่ริม"))
            let first = try await p.awaitProposal(of: request, for: near, timeout: .seconds(40))
            #expect(try await p.api.send("POST", "/v1/proposals/\(first)/decline", token: near.token,
                                         json: ["reason": "ทีมงานเต็ม"]).status == 202)
            let second = try await p.awaitProposal(of: request, for: region, timeout: .seconds(40))
            #expect(try await p.proposals(of: request, token: region.token).first?["rank"] as? Int == 2)
            // Nobody answers: the deadline passes and the scheduler moves on.
            let third = try await p.awaitProposal(of: request, for: far, timeout: .seconds(40))
            _ = try await p.awaitProposal(of: request, for: region, status: "expired", timeout: .seconds(40))
            let late = try await p.api.send("POST", "/v1/proposals/\(second)/accept", token: region.token)
            #expect(late.status == 409 && late.json["currentState"] as? String == "expired")
            let again = try await p.api.send("POST", "/v1/proposals/\(first)/accept", token: near.token)
            #expect(again.status == 409 && again.json["currentState"] as? String == "declined")
            #expect(try await p.entries(request, "match.declined").first?["reason"] == "ทีมงานเต็ม")
            // The third expires too: nobody is left (never back to the first two).
            try await p.awaitStatus(request, "unmatched", timeout: .seconds(40))
            _ = third
            #expect(try await p.timeline(request).filter { $0.hasPrefix("match.") } == [
                "match.proposed", "match.declined", "match.proposed", "match.expired", "match.proposed", "match.expired",
                "match.unmatched"])
            for provider in [near, region, far] { #expect(try await p.activeLoad(provider) == 0) }
            try await p.checkInvariants()
        }
    }

    @Test("first acceptance wins: with two proposals out, the second provider to accept is withdrawn with a reason")
    func firstAcceptanceWins() async throws {
        try await run(["intake", "matching"], ["MATCHING_PARALLEL_PROPOSALS": "2"]) { p in
            let a = try await p.provider("ก", provinces: ["TH-50"])
            let b = try await p.provider("ข", provinces: ["TH-57"])
            try await p.awaitProviders(2)
            let request = try await p.submit(try await p.enterprise("กลุ่มแม่ริม"))
            let toA = try await p.awaitProposal(of: request, for: a)
            let toB = try await p.awaitProposal(of: request, for: b)
            async let first = p.api.send("POST", "/v1/proposals/\(toB)/accept", token: b.token)
            async let second = p.api.send("POST", "/v1/proposals/\(toA)/accept", token: a.token)
            let answers = try await [first, second]
            #expect(answers.allSatisfy { $0.status == 202 || $0.status == 409 })
            try await p.awaitStatus(request, "accepted")
            let accepted = try await eventually("one accepted and one withdrawn proposal", timeout: .seconds(30)) { () -> [String]? in
                let statuses = try await p.proposals(of: request, token: p.officer).compactMap { $0["status"] as? String }
                return statuses.sorted() == ["accepted", "withdrawn"] ? statuses : nil
            }
            #expect(accepted.count == 2)
            let withdrawn = try await p.entries(request, "match.withdrawn")
            #expect(withdrawn.count == 1 && withdrawn.first?["reason"] == "another provider accepted the request first")
            #expect(withdrawn.first?["by"] == "system")
            #expect(try await p.activeLoad(a) + p.activeLoad(b) == 1)
            try await p.checkInvariants()
        }
    }

    @Test("withdrawals by the enterprise and by an officer free capacity and budget; no fit → parked with the reason → matched when a provider registers or capacity is freed")
    func withdrawalsAndParking() async throws {
        try await run { p in
            // Withdrawals, in the north: one provider with one unit, a budget for three coupons.
            let provider = try await p.provider("คลินิกแม่โจ้", capacity: 1)
            try await p.awaitProviders(1)
            try await p.setBudget("north", 162_000)
            try await p.awaitBudget("north", "set") { $0["allocatedBaht"] as? Int == 162_000 }
            let enterprise = try await p.enterprise("กลุ่มแม่ริม")
            let assigned = try await p.submit(enterprise)
            let proposal = try await p.awaitProposal(of: assigned, for: provider)
            _ = try await p.api.send("POST", "/v1/proposals/\(proposal)/accept", token: provider.token)
            try await p.awaitStatus(assigned, "accepted")
            _ = try await p.api.send("POST", "/v1/proposals/\(proposal)/confirm", token: enterprise.token)
            try await p.awaitStatus(assigned, "assigned")
            let waiting = try await p.submit(enterprise)
            try await p.awaitStatus(waiting, "unmatched")
            #expect(try await p.entries(waiting, "match.unmatched").first?["reason"] == "allCandidatesFull")
            // The enterprise withdraws the assigned request: the unit and the coupon come back, and the
            // parked request is proposed at once.
            #expect(try await p.api.send("POST", "/v1/requests/\(assigned)/withdrawal", token: enterprise.token,
                                         json: ["reason": "ได้รับทุนจากหน่วยงานอื่นแล้ว"]).status == 202)
            try await p.awaitStatus(assigned, "withdrawn")
            try await p.awaitStatus(waiting, "proposed")
            try await p.awaitBudget("north", "released, and held for the next") {
                $0["releasedBaht"] as? Int == 54_000 && $0["committedBaht"] as? Int == 0 && $0["heldBaht"] as? Int == 54_000
            }
            try await p.checkInvariants()
            // An officer withdraws the new proposal: the request has nobody left, the hold goes back.
            let next = try await p.awaitProposal(of: waiting, for: provider)
            #expect(try await p.api.send("POST", "/v1/proposals/\(next)/withdrawal", token: p.officer,
                                         json: ["reason": "ผู้ให้บริการลาออก"]).status == 202)
            try await p.awaitStatus(waiting, "unmatched")
            try await p.awaitBudget("north", "nothing held") { $0["heldBaht"] as? Int == 0 && $0["availableBaht"] as? Int == 162_000 }
            #expect(try await p.activeLoad(provider) == 0)
            // An officer assigns by hand, then withdraws the assignment without re-matching.
            #expect(try await p.api.send("POST", "/v1/requests/\(waiting)/assignment", token: p.officer,
                                         json: ["providerId": provider.id, "reason": "ผู้เชี่ยวชาญเฉพาะทาง"]).status == 202)
            try await p.awaitStatus(waiting, "assigned")
            #expect(try await p.api.send("POST", "/v1/requests/\(waiting)/assignment/withdrawal", token: p.officer,
                                         json: ["reason": "ไม่เริ่มงานตามกำหนด", "rematch": false]).status == 202)
            try await p.awaitStatus(waiting, "withdrawn")
            try await p.awaitBudget("north", "both released") {
                $0["releasedBaht"] as? Int == 108_000 && $0["committedBaht"] as? Int == 0 && $0["availableBaht"] as? Int == 162_000
            }
            #expect(try await p.activeLoad(provider) == 0)
            try await p.checkInvariants()

            // Parking, in the south, for textiles nobody serves yet (no budget set there: unlimited).
            let weaver = try await p.enterprise("กลุ่มทอผ้าสงขลา", province: "TH-90", productType: "textile")
            let lonely = try await p.submit(weaver, areas: ["productInnovation"], productType: "textile")
            try await p.awaitStatus(lonely, "unmatched")
            #expect(try await p.entries(lonely, "match.unmatched").first?["reason"] == "noEligibleProvider")
            let studio = try await p.provider("ศูนย์ออกแบบสิ่งทอ", areas: ["productInnovation"], productTypes: ["textile"],
                                              provinces: ["TH-90"], capacity: 1)
            try await p.awaitStatus(lonely, "proposed")
            let second = try await p.submit(weaver, areas: ["productInnovation"], productType: "textile")
            try await p.awaitStatus(second, "unmatched")
            let taken = try await p.awaitProposal(of: lonely, for: studio)
            _ = try await p.api.send("POST", "/v1/proposals/\(taken)/decline", token: studio.token, json: ["reason": "ไม่ถนัดงานนี้"])
            try await p.awaitStatus(second, "proposed")
            try await p.checkInvariants()
        }
    }

    @Test("an allocation round over the database: the export, solved with the recorded seed, gives the stored objective; the rest is waitlisted with reasons")
    func allocationRound() async throws {
        try await run(["intake", "matching"], ["MATCHING_PLACEMENT": "rounds"]) { p in
            _ = try await p.provider("เชียงใหม่", provinces: ["TH-50"], capacity: 3)
            _ = try await p.provider("เชียงราย", provinces: ["TH-57"], capacity: 2)
            try await p.awaitProviders(2)
            try await p.setBudget("north", 54_000 * 4)
            try await p.awaitBudget("north", "set") { $0["allocatedBaht"] as? Int == 216_000 }
            var requests: [String] = []
            for index in 0..<8 {
                let province = ["TH-50", "TH-57", "TH-51", "TH-58"][index % 4]
                requests.append(try await p.submit(try await p.enterprise("กลุ่ม \(index)", province: province)))
            }
            _ = try await eventually("matching to hold the eight requests", timeout: .seconds(60)) { () -> Bool? in
                try await p.system.count("SELECT count(*)::int8 AS n FROM matching.requests WHERE status = 'matching'") == 8 ? true : nil
            }
            let tool = try Tool(p.system)
            let start = try await tool.run(["round", "start", "--fiscal-year", "\(p.fiscalYear)", "--seed", "2570", "--wait",
                                            "--timeout", "60"], token: p.officer)
            #expect(start.status == 0, "\(start.output)")
            let roundID = try #require(start.output.split(separator: " ").first { $0.hasPrefix("round=") }?.dropFirst(6)
                .split(separator: "\n").first.map(String.init))
            let objective = try #require(start.output.split(whereSeparator: { $0 == " " || $0 == "\n" })
                .first { $0.hasPrefix("objective=") }.map { Int($0.dropFirst(10))! })
            // Four coupons for five places: four proposals, four waitlisted (budget).
            #expect(start.output.contains("proposed=4") && start.output.contains("waitlisted=4"))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("round-\(roundID).json").path
            let export = try await tool.run(["round", "export", roundID, "--output", file])
            #expect(export.status == 0, "\(export.output)")
            let solved = try await tool.run(["bench", "matching", "--instance", file, "--lottery-seed", "2570"])
            #expect(solved.output.hasPrefix("objective=\(objective) "), "\(solved.output)")
            // The file is the round's instance: the library solves it to the same objective.
            let problem = try AllocationInstance.decode(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            #expect(AllocationSolver(tieBreak: .lottery(seed: 2570)).solve(problem).objective == objective)
            #expect(problem.requests.count == 8)

            let round = try await eventually("intake to show the completed round", timeout: .seconds(60)) { () -> [String: Any]? in
                let view = try await p.api.send("GET", "/v1/rounds/\(roundID)", token: p.officer).json
                return view["status"] as? String == "completed" ? view : nil
            }
            #expect(round["objective"] as? Int == objective && round["seed"] as? String == "2570")
            #expect((round["waitlistedByReason"] as? [String: Int]) == ["regionBudgetExhausted": 4])
            var statuses: [String: Int] = [:]
            for request in requests {
                let view = try await eventually("request \(request) after the round", timeout: .seconds(60)) { () -> String? in
                    let status = try await p.request(request, token: p.officer)["status"] as? String
                    return status == "proposed" || status == "waitlisted" ? status : nil
                }
                statuses[view, default: 0] += 1
            }
            #expect(statuses == ["proposed": 4, "waitlisted": 4])
            try await p.checkInvariants()
        }
    }

    @Test("two matching replicas racing over one scarce provider and one nearly empty budget never over-book either")
    func twoReplicaRace() async throws {
        try await run(["intake", "matching", "matching#2"]) { p in
            // North: plenty of capacity, a budget for one coupon. Northeast: herbal innovation, which only one provider
            // with two units serves, and no budget limit.
            let north = try await p.provider("ภาคเหนือ", provinces: ["TH-50"], capacity: 50)
            let scarce = try await p.provider("ขอนแก่น", areas: ["productInnovation"], productTypes: ["herbal"],
                                              provinces: ["TH-40"], capacity: 2)
            try await p.awaitProviders(2)
            try await p.setBudget("north", 100_000)
            try await p.awaitBudget("north", "set") { $0["allocatedBaht"] as? Int == 100_000 }
            // Both replicas take part: warm up (textiles nobody serves) until each has placed a request.
            let warm = try await p.enterprise("อุ่นเครื่อง", province: "TH-90", productType: "textile")
            _ = try await eventually("both replicas to place requests", timeout: .seconds(90), pollEvery: .milliseconds(500)) { () -> Bool? in
                _ = try await p.submit(warm, areas: ["productInnovation"], productType: "textile")
                let logs = ["matching", "matching#2"].map { p.system.services[$0]!.log() }
                return logs.allSatisfy { $0.contains("no provider can take the request now") } ? true : nil
            }
            var enterprises: [Programme.Party] = []
            for index in 0..<6 {
                enterprises.append(try await p.enterprise("เหนือ \(index)", province: "TH-50"))
                enterprises.append(try await p.enterprise("อีสาน \(index)", province: "TH-40"))
            }
            let submitted = try await withThrowingTaskGroup(of: String.self) { group in
                for (index, enterprise) in enterprises.enumerated() {
                    group.addTask {
                        index % 2 == 0 ? try await p.submit(enterprise)
                                       : try await p.submit(enterprise, areas: ["productInnovation"], productType: "herbal")
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            for request in submitted {
                _ = try await eventually("request \(request) placed", timeout: .seconds(60)) { () -> Bool? in
                    let status = try await p.request(request, token: p.officer)["status"] as? String
                    return status == "proposed" || status == "unmatched" ? true : nil
                }
            }
            let proposed = { (province: String) async throws -> Int in
                try await p.system.query("""
                    SELECT count(*)::int8 AS n FROM matching.proposals o JOIN matching.requests r ON r.id = o.request_id
                    WHERE o.status = 'pending' AND r.province_code = \(province)
                    """).first?.decode(Int.self, column: "n") ?? -1
            }
            #expect(try await proposed("TH-50") == 1, "one coupon in the north's budget")
            #expect(try await proposed("TH-40") == 2, "two units at the scarce provider")
            #expect(try await p.activeLoad(north) == 1)
            #expect(try await p.activeLoad(scarce) == 2)
            let held = try await p.system.count("SELECT held_baht::int8 AS n FROM matching.budgets WHERE region = 'north'")
            #expect(held == 54_000)
            try await p.checkInvariants()
            for name in ["matching", "matching#2"] {
                #expect(p.system.services[name]!.log().contains("\"request_id\""), "\(name) placed requests")
            }
        }
    }
}

/// `otopctl` run against the system, as an operator would.
struct Tool: Sendable {
    let executable: String
    let environment: [String: String]

    init(_ system: RunningSystem) throws {
        executable = try TestEnvironment.require("OTOP_BIN_DIR") + "/otopctl"
        var database = try PostgresConfiguration(url: system.adminDatabaseURL)
        database.database = system.databaseName
        environment = ProcessInfo.processInfo.environment.merging([
            "DATABASE_URL": "postgresql://\(database.user)@\(database.host):\(database.port)/\(database.database)",
            "KAFKA_BROKERS": system.kafkaBrokers, "KAFKA_TOPIC_PREFIX": system.topicPrefix,
            "INTAKE_URL": "http://127.0.0.1:\(system.services["intake"]!.port)",
        ]) { _, new in new }
    }

    struct Result: Sendable {
        var status: Int32
        var output: String
    }

    func run(_ arguments: [String], token: String? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = self.environment
        if let token { environment["OTOP_API_TOKEN"] = token }
        process.environment = environment
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("otopctl-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        _ = try await eventually("otopctl \(arguments.prefix(2).joined(separator: " ")) to finish", timeout: .seconds(120),
                                 pollEvery: .milliseconds(50)) { process.isRunning ? nil : true }
        try handle.close()
        return Result(status: process.terminationStatus, output: (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
