import Contracts
import Domain
import Foundation
import Kafka
import Postgres
import TestSupport
import Testing
import Timestamps

/// Certification tracking with the real executables, PostgreSQL and broker, the certification
/// service on its test clock (a table the test moves: years in seconds, no sleeping): a request's
/// certificate from planned to certified to each reminder to expiry, the renewal path, a refused
/// report on the request's timeline, a held certificate's reminders, a crash in the middle of a
/// reminder scan and two replicas scanning at once (no reminder lost or doubled), and a bad
/// catalogue stopping the service at start.
@Suite("End to end: certification tracking", .serialized)
struct CertificationEndToEndTests {
    /// Registers an officer, an enterprise with one product (and `held` certificates), returns the
    /// officer's token, the enterprise id and the product id.
    func enterprise(_ system: RunningSystem, held: [[String: Any]] = []) async throws -> (officer: String, enterprise: String, product: String) {
        let api = system.intake
        let officer = try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                         json: ["name": "เจ้าหน้าที่ทดสอบ", "role": "officer"])
        let token = try #require(officer.json["token"] as? String)
        var body: [String: Any] = [
            "name": "วิสาหกิจชุมชนกลุ่มแม่บ้านบ้านแม่ริม", "kind": "communityEnterprise", "provinceCode": "TH-50", "district": "แม่ริม",
            "products": [["name": "น้ำพริกหนุ่มสมุนไพร", "productType": "food"]],
            "contacts": [["name": "นางสมศรี ใจดี", "email": "somsri-\(system.tag)@example.org"]],
        ]
        if !held.isEmpty { body["heldCertificates"] = held }
        let registered = try await api.send("POST", "/v1/enterprises", token: token, json: body)
        try #require(registered.status == 201, "\(registered.text)")
        let id = try #require(registered.json["id"] as? String)
        let product = try #require((registered.json["products"] as? [[String: Any]])?.first?["id"] as? String)
        return (token, id, product)
    }

    /// Reports a step and waits until the tracker applied it.
    func report(_ system: RunningSystem, _ certificate: String, token: String, _ body: [String: Any]) async throws {
        let answer = try await system.intake.send("POST", "/v1/certificates/\(certificate)/steps", token: token, json: body)
        try #require(answer.status == 202, "\(body): \(answer.text)")
        let location = try #require(answer.header("Location"))
        let outcome = try await eventually("the outcome of \(body)", timeout: .seconds(30)) { () -> String? in
            let report = try await system.intake.send("GET", location, token: token).json
            return report["outcome"] as? String == "pending" ? nil : report["outcome"] as? String
        }
        #expect(outcome == "applied", "\(body)")
    }

    /// Waits until the certificate (as intake shows it) satisfies `condition`.
    func certificate(_ system: RunningSystem, _ id: String, token: String, _ what: String,
                     until condition: @escaping ([String: Any]) -> Bool) async throws -> [String: Any] {
        try await eventually(what, timeout: .seconds(30)) { () -> [String: Any]? in
            let view = try await system.intake.send("GET", "/v1/certificates/\(id)", token: token).json
            return condition(view) ? view : nil
        }
    }

    /// The reminders in a certificate's history, as `kind daysBefore` in order.
    func reminders(_ view: [String: Any]) -> [String] {
        (view["history"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == CertificationReminderDue.eventType }.map {
            let summary = $0["summary"] as? [String: String] ?? [:]
            return "\(summary["kind"] ?? "") \(summary["daysBefore"] ?? "")"
        }
    }

    @Test("request with a target standard → planned → reported steps → certified → each reminder at its lead time → expired; a refused report on the timeline")
    func lifecycle() async throws {
        try await RunningSystem.runCertification(["intake", "certification"]) { system in
            let api = system.intake
            try await system.setClock("2027-01-10")
            let (officer, enterprise, _) = try await self.enterprise(system)
            let submitted = try await api.send("POST", "/v1/requests", token: officer, json: [
                "enterpriseId": enterprise, "productName": "น้ำพริกหนุ่มสมุนไพร", "productType": "food",
                "serviceAreas": ["standardsSystem"], "targetStandard": "tcps", "description": "ยื่นขอ มผช."])
            try #require(submitted.status == 202, "\(submitted.text)")
            let request = try #require(submitted.json["id"] as? String)
            let planned = try await eventually("the planned certificate", timeout: .seconds(30)) { () -> [String: Any]? in
                let list = try await api.send("GET", "/v1/certificates?enterpriseId=\(enterprise)", token: officer).json
                return (list["items"] as? [[String: Any]])?.first
            }
            #expect(planned["state"] as? String == "planned" && planned["requestId"] as? String == request)
            let id = try #require(planned["id"] as? String)

            for step in ["gapAnalysis", "applied", "siteInspection", "labTesting"] {
                try await report(system, id, token: officer, ["step": step])
            }
            // intake knows the state: a step backwards is answered 409 at once.
            let backwards = try await api.send("POST", "/v1/certificates/\(id)/steps", token: officer, json: ["step": "applied"])
            #expect(backwards.status == 409, "\(backwards.text)")
            // A report the tracker refuses (no Halal certificate is tracked): refused with the reason,
            // shown on the request's timeline.
            let refused = try await api.send("POST", "/v1/enterprises/\(enterprise)/certificate-steps", token: officer,
                                             json: ["standard": "halal", "step": "applied", "productName": "น้ำพริกหนุ่มสมุนไพร", "requestId": request])
            #expect(refused.status == 202, "\(refused.text)")
            let refusal = try await eventually("the refusal on the timeline", timeout: .seconds(30)) { () -> [String: String]? in
                let view = try await api.send("GET", "/v1/requests/\(request)", token: officer).json
                return (view["timeline"] as? [[String: Any]] ?? [])
                    .first { $0["type"] as? String == CertificationReportRefused.eventType }?["summary"] as? [String: String]
            }
            #expect(refusal["reason"]?.contains("no halal certificate is tracked for this product") == true, "\(refusal)")
            #expect(refusal["reasonTH"]?.contains("ยังไม่มีใบรับรอง halal ที่ติดตามอยู่สำหรับผลิตภัณฑ์นี้") == true, "the reason in Thai too: \(refusal)")
            let refusedReport = try await api.send("GET", try #require(refused.header("Location")), token: officer).json
            #expect(refusedReport["outcome"] as? String == "refused")
            #expect((refusedReport["reasonTH"] as? String)?.hasPrefix("ยังไม่มีใบรับรอง halal") == true, "\(refusedReport)")

            try await system.setClock("2027-04-20")
            try await report(system, id, token: officer, ["step": "certified", "number": "มผช. 321/2570",
                                                          "validFrom": "2027-04-20", "validUntil": "2030-04-19"])
            let issued = try await certificate(system, id, token: officer, "the issued certificate") { $0["state"] as? String == "certified" }
            #expect(issued["number"] as? String == "มผช. 321/2570" && issued["validUntil"] as? String == "2030-04-19")
            #expect(issued["nextSurveillanceDue"] as? String == "2028-04-20" && issued["renewalDueOn"] as? String == "2030-01-19")
            let schedule = (issued["reminders"] as? [[String: Any]] ?? []).map { "\($0["kind"] ?? "") \($0["daysBefore"] ?? "") \($0["on"] ?? "")" }
            #expect(schedule.contains("expiry 90 2030-01-19") && schedule.contains("expiry 7 2030-04-12")
                    && schedule.contains("surveillance 90 2028-01-21"), "\(schedule)")

            // Each reminder on its day: the clock moves to each due day in turn.
            let days: [(String, [String])] = [
                ("2028-01-21", ["surveillance 90"]),
                ("2030-01-19", ["surveillance 90", "expiry 90"]),
                ("2030-02-18", ["surveillance 90", "expiry 90", "expiry 60"]),
                ("2030-03-20", ["surveillance 90", "expiry 90", "expiry 60", "expiry 30"]),
                ("2030-04-12", ["surveillance 90", "expiry 90", "expiry 60", "expiry 30", "expiry 7"]),
            ]
            for (day, expected) in days {
                try await system.setClock(day)
                let view = try await certificate(system, id, token: officer, "the reminders of \(day)") { reminders($0) == expected }
                if day == "2030-01-19" { #expect(view["state"] as? String == "renewalDue") }
            }
            try await system.setClock("2030-04-20")
            _ = try await certificate(system, id, token: officer, "expiry") { $0["state"] as? String == "expired" }

            // On the topic: each reminder once, sent on its lead day (the clock's day when it went out).
            let messages = try await system.allMessages(on: Topic.certifications.name)
            let sent = try messages.compactMap { message -> CloudEvent<CertificationReminderDue>? in
                let event = try IncomingEvent(bytes: message.value)
                return event.header.type == CertificationReminderDue.eventType ? try event.decode(CertificationReminderDue.self) : nil
            }
            var seen: [String: Set<UUID>] = [:]
            for event in sent {
                let key = "\(event.data.kind.rawValue) \(event.data.daysBefore) \(event.data.dueDate)"
                seen[key, default: []].insert(event.id)
                let due = CivilDate(event.data.dueDate)!.adding(days: -event.data.daysBefore)
                #expect(ThaiCalendar.civilDate(of: event.data.remindedAt) == due, "\(key) went out on its lead day")
                #expect(event.data.requestId?.lowercased == request && event.correlationid == request)
            }
            #expect(seen.count == 5 && seen.values.allSatisfy { $0.count == 1 }, "\(seen)")
            // The request's timeline shows the issue, the reminders and the expiry.
            let timeline = try await api.send("GET", "/v1/requests/\(request)", token: officer).json["timeline"] as? [[String: Any]] ?? []
            let states = timeline.filter { $0["type"] as? String == CertificationStepChanged.eventType }
                .compactMap { ($0["summary"] as? [String: String])?["state"] }
            #expect(states == ["gapAnalysis", "applied", "siteInspection", "labTesting", "certified", "renewalDue", "expired"])

            // KPIs: obtained in FY 2570 in Chiang Mai, days from the request (submitted today, real time) to the issue date.
            let kpis = try await api.send("GET", "/v1/kpis/certificates?fiscalYear=2570", token: officer).json
            let row = try #require((kpis["rows"] as? [[String: Any]])?.first { $0["provinceCode"] as? String == "TH-50" })
            let waited = ThaiCalendar.civilDate(of: Date()).days(until: CivilDate("2027-04-20")!)
            #expect(row["obtained"] as? Int == 1 && row["medianDaysToCertificate"] as? Double == Double(waited), "\(row)")
        }
    }

    @Test("a held certificate registered with its enterprise gets its reminders; renewed, it gets new ones and does not expire")
    func heldAndRenewed() async throws {
        try await RunningSystem.runCertification(["intake", "certification"]) { system in
            try await system.setClock("2027-01-10")
            let (officer, enterprise, _) = try await self.enterprise(system, held: [[
                "standard": "halal", "productName": "น้ำพริกหนุ่มสมุนไพร", "number": "ฮ.ล. 123/2568",
                "validFrom": "2025-06-01", "validUntil": "2027-05-31"]])
            let held = try await eventually("the held certificate", timeout: .seconds(30)) { () -> [String: Any]? in
                let list = try await system.intake.send("GET", "/v1/certificates?enterpriseId=\(enterprise)", token: officer).json
                return (list["items"] as? [[String: Any]])?.first { $0["state"] as? String == "certified" }
            }
            #expect(held["held"] as? Bool == true && held["number"] as? String == "ฮ.ล. 123/2568")
            let id = try #require(held["id"] as? String)

            try await system.setClock("2027-03-02")
            _ = try await certificate(system, id, token: officer, "the 90-day reminder and renewal due") {
                $0["state"] as? String == "renewalDue" && reminders($0) == ["expiry 90"]
            }
            try await system.setClock("2027-04-01")
            _ = try await certificate(system, id, token: officer, "the 60-day reminder") { reminders($0) == ["expiry 90", "expiry 60"] }

            // Renewed: certified again until 2029-05-31, number kept.
            try await system.setClock("2027-04-15")
            try await report(system, id, token: officer, ["step": "certified", "validUntil": "2029-05-31"])
            let renewed = try await certificate(system, id, token: officer, "the renewal") { $0["validUntil"] as? String == "2029-05-31" }
            #expect(renewed["state"] as? String == "certified" && renewed["validFrom"] as? String == "2027-06-01")
            #expect(renewed["number"] as? String == "ฮ.ล. 123/2568")
            // The old expiry passes without effect; the new one's first reminder comes on its day.
            try await system.setClock("2027-06-02")
            try await system.setClock("2029-03-02")
            // The reminder and the step to renewal due reach intake as two events, in either order:
            // wait for both, as the first renewal-due wait above does.
            let later = try await certificate(system, id, token: officer, "the new 90-day reminder and renewal due") {
                reminders($0) == ["expiry 90", "expiry 60", "expiry 90"] && $0["state"] as? String == "renewalDue"
            }
            #expect(later["state"] as? String == "renewalDue")
            let changes = (later["history"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == CertificationStepChanged.eventType }
                .compactMap { ($0["summary"] as? [String: String])?["to"] }
            #expect(changes == ["certified", "renewalDue", "certified", "renewalDue"], "no expiry in between")
        }
    }

    @Test("SIGKILL in the middle of a reminder scan: after the restart every reminder is sent, none twice")
    func killedMidScan() async throws {
        let count = 1500
        try await RunningSystem.runCertification(["certification"], extra: ["CERTIFICATION_SCAN_BATCH_SIZE": "20"]) { system in
            try await system.setClock("2027-01-10")
            try await system.produce((0..<count).map(heldHalal))
            _ = try await eventually("\(count) certificates tracked", timeout: .seconds(120)) { () -> Bool? in
                try await system.count("SELECT count(*)::int8 AS n FROM certification.certificates") == Int64(count) ? true : nil
            }
            try await system.setClock("2027-03-02")
            let seenMidScan = try await eventually("the scan under way", timeout: .seconds(60), pollEvery: .milliseconds(2)) { () -> Int64? in
                let sent = try await system.count("SELECT count(*)::int8 AS n FROM certification.reminders")
                return sent > 0 ? sent : nil
            }
            try await system.kill("certification")
            let afterKill = try await system.count("SELECT count(*)::int8 AS n FROM certification.reminders")
            #expect(afterKill < Int64(count), "killed in the middle of the scan (\(seenMidScan) then \(afterKill) of \(count) sent)")
            try await system.restart("certification")
            _ = try await eventually("every reminder after the restart", timeout: .seconds(120)) { () -> Bool? in
                try await system.count("SELECT count(*)::int8 AS n FROM certification.reminders") == Int64(count) ? true : nil
            }
            let events = try await eventually("every reminder on the topic", timeout: .seconds(60)) { () -> [(key: String, id: UUID)]? in
                let events = try await system.reminderEvents()
                return Set(events.map(\.key)).count == count ? events : nil
            }
            let idsPerKey = Dictionary(grouping: events, by: \.key).mapValues { Set($0.map(\.id)).count }
            #expect(idsPerKey.count == count)
            #expect(idsPerKey.values.allSatisfy { $0 == 1 }, "one reminder event per key (copies of one event by the relay are the same event)")
            #expect(try await system.count("SELECT count(*)::int8 AS n FROM certification.certificates WHERE state = 'renewalDue'") == Int64(count))
        }
    }

    @Test("two replicas scanning the same day: every reminder once, both replicas sharing the work")
    func twoReplicas() async throws {
        let count = 1000
        try await RunningSystem.runCertification(["certification"], extra: ["CERTIFICATION_SCAN_BATCH_SIZE": "20"]) { system in
            let replica = try await system.startReplica(of: "certification")
            do {
                try await system.setClock("2027-01-10")
                try await system.produce((0..<count).map(heldHalal))
                _ = try await eventually("\(count) certificates tracked", timeout: .seconds(120)) { () -> Bool? in
                    try await system.count("SELECT count(*)::int8 AS n FROM certification.certificates") == Int64(count) ? true : nil
                }
                try await system.setClock("2027-03-02")
                _ = try await eventually("every reminder", timeout: .seconds(120)) { () -> Bool? in
                    try await system.count("SELECT count(*)::int8 AS n FROM certification.reminders") == Int64(count) ? true : nil
                }
                let events = try await eventually("every reminder on the topic", timeout: .seconds(60)) { () -> [(key: String, id: UUID)]? in
                    let events = try await system.reminderEvents()
                    return Set(events.map(\.key)).count == count ? events : nil
                }
                let idsPerKey = Dictionary(grouping: events, by: \.key).mapValues { Set($0.map(\.id)).count }
                #expect(idsPerKey.count == count && idsPerKey.values.allSatisfy { $0 == 1 })
                let scanned = { (log: String) in log.split(separator: "\n").contains { $0.contains("reminder scan done") } }
                #expect(scanned(system.services["certification"]!.log()) && scanned(replica.log()), "both replicas scanned")
                #expect(try await replica.terminate(timeout: .seconds(10)) == 0)
            } catch {
                Issue.record("replica log:\n\(replica.log().suffix(6000))")
                replica.kill9()
                throw error
            }
        }
    }

    @Test("a bad catalogue override stops the service at start, naming the standard and the field")
    func badCatalogue() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("overrides-\(UUID().uuidString).json")
        try Data(#"{"halal": {"validityMonths": 12}}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.require("OTOP_BIN_DIR")).appendingPathComponent("certification")
        process.environment = ProcessInfo.processInfo.environment.merging([
            "CERTIFICATION_STANDARDS_OVERRIDES": file.path, "HTTP_PORT": "\(try freeLoopbackPort())"]) { _, new in new }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = Pipe()
        try process.run()
        let status = try await eventually("the service to stop", timeout: .seconds(20), pollEvery: .milliseconds(50)) {
            process.isRunning ? nil : process.terminationStatus
        }
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(status == 78)
        #expect(message.contains("CERTIFICATION_STANDARDS_OVERRIDES") && message.contains("standard 'halal', field 'validityMonths'"),
                "\(message)")
    }
}
