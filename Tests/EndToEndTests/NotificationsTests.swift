import Contracts
import Foundation
import Kafka
import Logging
import Postgres
import TestSupport
import Testing

/// Notifications with the real services, the local SMTP servers and real HTTP stand-ins for LINE and
/// the SMS gateway (`scripts/standins/http_standin.py`).
@Suite("End to end: notifications on e-mail, LINE and SMS", .serialized)
struct NotificationsEndToEndTests {
    // MARK: Helpers

    /// Registers an officer client, a provider, an enterprise (contacts as given) and the enterprise's
    /// client; returns the tokens and ids.
    struct Parties {
        var officerToken: String
        var enterpriseToken: String
        var enterpriseID: String
        var providerID: String
    }

    private func register(_ system: RunningSystem, enterpriseContact: [String: Any], providerContact: [String: Any]? = nil,
                          waitForMatching: Bool = true) async throws -> Parties {
        let api = system.intake
        let officer = try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                         json: ["name": "เจ้าหน้าที่ทดสอบ", "role": "officer"])
        try #require(officer.status == 201, "\(officer.text)")
        let officerToken = try #require(officer.json["token"] as? String)
        let provider = try await api.send("POST", "/v1/providers", token: officerToken, json: [
            "name": "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", "kind": "university",
            "serviceAreas": ["packagingDesign", "standardsSystem"], "productTypes": ["food"],
            "standards": ["tcps"], "provinceCodes": ["TH-50"], "regions": ["north"], "capacity": 50, "qualified": true,
            "contacts": [providerContact ?? ["name": "ดร.วิภาวี ศรีสุข", "email": "coordinator-\(system.tag)@mju.example", "channels": ["email"]]],
        ])
        try #require(provider.status == 201, "\(provider.text)")
        let enterprise = try await api.send("POST", "/v1/enterprises", token: officerToken, json: [
            "name": "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม", "kind": "communityEnterprise",
            "provinceCode": "TH-50", "district": "แม่ริม",
            "products": [["name": "น้ำพริกหนุ่มสมุนไพร", "productType": "food"]],
            "contacts": [enterpriseContact],
        ])
        try #require(enterprise.status == 201, "\(enterprise.text)")
        let enterpriseID = try #require(enterprise.json["id"] as? String)
        let client = try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                        json: ["name": "บ้านแม่ริม", "role": "enterprise", "enterpriseId": enterpriseID])
        if waitForMatching {
            _ = try await eventually("matching to know the provider", timeout: .seconds(30)) { () -> Bool? in
                try await system.count("SELECT count(*)::int8 AS n FROM matching.providers") == 1 ? true : nil
            }
        }
        return Parties(officerToken: officerToken, enterpriseToken: try #require(client.json["token"] as? String),
                       enterpriseID: enterpriseID, providerID: try #require(provider.json["id"] as? String))
    }

    private func submit(_ system: RunningSystem, _ parties: Parties, description: String = "ต้องการยืดอายุการเก็บรักษาและยื่นขอ มผช.")
    async throws -> (id: String, reference: String) {
        let submitted = try await system.intake.send("POST", "/v1/requests", token: parties.enterpriseToken, json: [
            "productName": "น้ำพริกหนุ่มสมุนไพร", "productType": "food",
            "serviceAreas": ["packagingDesign", "standardsSystem"], "targetStandard": "tcps", "description": description,
        ])
        try #require(submitted.status == 202, "\(submitted.text)")
        return (try #require(submitted.json["id"] as? String), try #require(submitted.json["reference"] as? String))
    }

    private func registerOfficer(_ system: RunningSystem, _ token: String, email: String) async throws {
        let officer = try await system.intake.send("POST", "/v1/officer-contacts", token: token, json: [
            "name": "สำนักงานโครงการภาคเหนือ", "region": "north",
            "contacts": [["name": "คุณวิชัย", "email": email, "channels": ["email"]]],
        ])
        try #require(officer.status == 201, "\(officer.text)")
    }

    /// The delivered/failed events on otop.notifications as (type, data).
    private func notificationEvents(_ system: RunningSystem) async throws -> [(type: String, data: [String: Any])] {
        try await system.allMessages(on: "otop.notifications").compactMap { message in
            guard let object = try JSONSerialization.jsonObject(with: Data(message.value)) as? [String: Any] else { return nil }
            return (object["type"] as? String ?? "", object["data"] as? [String: Any] ?? [:])
        }
    }

    private func channelEnvironment(line: StandIn, sms: StandIn) -> [String: String] {
        ["LINE_API_URL": line.url, "LINE_CHANNEL_TOKEN": line.token,
         "SMS_GATEWAY_URL": sms.url + "/send", "SMS_GATEWAY_TOKEN": sms.token,
         "NOTIFICATIONS_RETRY_INITIAL_MS": "200", "NOTIFICATIONS_RETRY_MAXIMUM_MS": "800", "NOTIFICATIONS_MAX_ATTEMPTS": "4",
         "NOTIFICATIONS_DATA_RECHECK_MS": "200"]
    }

    private func run(_ names: [String], environment: [String: String], _ scenario: (RunningSystem) async throws -> Void) async throws {
        try await RunningSystem.run(names, extraEnvironment: environment, scenario)
    }

    // MARK: Tests

    @Test("""
        Three channels: the Thai e-mail (subject, text and HTML parts, Buddhist-Era date), the LINE push after two \
        failures (one delivery), the SMS payload; an SMS gateway down for good gives a failed event and an officer alert; \
        a redelivered event adds no message on any channel
        """)
    func threeChannels() async throws {
        let line = try await StandIn.start("line", arguments: ["--fail", "2"])
        let sms = try await StandIn.start("sms", arguments: ["--always-fail", "--fail-status", "503"])
        defer { line.stop(); sms.stop() }
        try await run(["intake", "matching", "notifications"], environment: channelEnvironment(line: line, sms: sms)) { system in
            let parties = try await register(system, enterpriseContact: [
                "name": "นางสมศรี ใจดี", "email": "somsri-\(system.tag)@example.org", "phone": "081-234-5678",
                "lineUserId": "U\(system.tag)", "channels": ["email", "line", "sms"],
            ])
            try await registerOfficer(system, parties.officerToken, email: "officer-\(system.tag)@otop.example")
            let request = try await submit(system, parties, description: "ยืดอายุ <น้ำพริก> & ฉลาก")
            let ours = { MailMessage.all(in: system.maildir).filter { $0.header("To")?.contains(system.tag) == true } }

            // E-mail: Thai subject, both parts, Buddhist-Era date, user text escaped in HTML only.
            let mail = try await eventually("the request-received e-mail", timeout: .seconds(60)) {
                ours().first { $0.header("X-OTOP-Template") == "request-received" }
            }
            #expect(mail.header("Subject") == "ได้รับคำขอรับบริการ \(request.reference) แล้ว")
            let text = mail
            let html = try #require(mail.html.map { MailMessage(headers: [], body: $0) })
            let year = Calendar(identifier: .gregorian).component(.year, from: Date()) + 543
            let thaiDate = try #require(try NSRegularExpression(pattern: "เมื่อวันที่ (\\d{1,2} [ก-๙]+ \(year))")
                .firstMatch(in: text.body, range: NSRange(text.body.startIndex..., in: text.body)))
            #expect(thaiDate.numberOfRanges == 2, "a Buddhist-Era date with a Thai month in: \(text.body)")
            #expect(text.body.contains("รายละเอียด: ยืดอายุ <น้ำพริก> & ฉลาก"))
            #expect(html.body.contains("<html lang=\"th\">"))
            #expect(html.body.contains("ยืดอายุ &lt;น้ำพริก&gt; &amp; ฉลาก"))

            // LINE: two 503s, then one 200, all with the same retry key; exactly one delivered event.
            let lineDone = try await eventually("the LINE push accepted", timeout: .seconds(60)) {
                line.received().first { $0.status == 200 && $0.texts.first?.contains(request.reference) == true }
            }
            #expect(lineDone.path == "/v2/bot/message/push")
            #expect(lineDone.authorized)
            #expect(lineDone.recipients == ["U\(system.tag)"])
            #expect(lineDone.texts.first?.hasPrefix("ได้รับคำขอรับบริการ \(request.reference) แล้ว") == true)
            let attempts = line.received().filter { $0.key == lineDone.key }
            #expect(attempts.map(\.status) == [503, 503, 200])

            // SMS: the gateway answers 503 every time: after 4 attempts the message fails for good.
            let smsAttempt = try await eventually("an SMS attempt", timeout: .seconds(30)) { sms.received().first }
            #expect(smsAttempt.path == "/send")
            #expect(smsAttempt.recipients == ["+66812345678"])
            #expect(smsAttempt.texts.first?.contains(request.reference) == true)
            #expect(smsAttempt.reference == smsAttempt.key)
            let alert = try await eventually("the officer alert e-mail", timeout: .seconds(60)) {
                ours().first { $0.header("X-OTOP-Template") == "delivery-failed-alert" }
            }
            #expect(alert.header("To")?.contains("officer-\(system.tag)@otop.example") == true)
            #expect(sms.received().count == 4, "one try and three retries")

            let events = try await eventually("the delivered and failed events", timeout: .seconds(30)) { () -> [(type: String, data: [String: Any])]? in
                let all = try await notificationEvents(system)
                return all.contains { $0.type == "th.otop.notification.failed.v1" } ? all : nil
            }
            let received = events.filter { $0.data["template"] as? String == "request-received" }
            #expect(received.filter { $0.type == "th.otop.notification.delivered.v1" }.compactMap { $0.data["channel"] as? String }.sorted()
                == ["email", "line"], "one delivery per channel")
            let failed = try #require(received.first { $0.type == "th.otop.notification.failed.v1" })
            #expect(failed.data["channel"] as? String == "sms")
            #expect(failed.data["attempts"] as? Int == 4)

            // A redelivered request.submitted (the same event id again) adds no message on any channel.
            let original = try #require(try await system.allMessages(on: "otop.requests").first {
                String(decoding: $0.value, as: UTF8.self).contains(request.id)
            })
            let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(
                client: KafkaConfiguration(bootstrapServers: system.kafkaBrokers, clientID: "e2e-redeliver")),
                logger: Logger(label: "e2e-redeliver"))
            _ = try await producer.send(KafkaOutgoingMessage(topic: system.topicPrefix + "otop.requests", key: original.key,
                                                         value: original.value))
            await producer.shutdown(timeout: .seconds(5))
            // A second request after it, on the same partition (same consumer), shows the duplicate was handled.
            let second = try await submit(system, parties)
            _ = try await eventually("the second request's e-mail", timeout: .seconds(60)) {
                ours().first { $0.header("X-OTOP-Request") == second.reference && $0.header("X-OTOP-Template") == "request-received" }
            }
            let rows = try await system.query("""
                SELECT channel, status, id FROM notifications.messages
                WHERE template = 'request-received' AND request_id = \(request.id)::uuid
                """).map { "\(try $0.decode(String?.self, column: "channel") ?? "unrouted") \(try $0.decode(String.self, column: "status"))" }
            // One row per channel; when the request was handled before the enterprise's contacts arrived,
            // also the row queued without a channel, which the delivery worker routed into those three.
            #expect(rows.filter { !$0.hasPrefix("unrouted") }.sorted() == ["email sent", "line sent", "sms failed"], "\(rows.sorted())")
            #expect(rows.filter { $0.hasPrefix("unrouted") }.allSatisfy { $0 == "unrouted routed" } && rows.count <= 4, "\(rows.sorted())")
            #expect(ours().filter { $0.header("X-OTOP-Request") == request.reference && $0.header("X-OTOP-Template") == "request-received" }.count == 1)
            #expect(line.received().filter { $0.status == 200 && $0.texts.first?.contains(request.reference) == true }.count == 1)
        }
    }

    @Test("STARTTLS with a local TLS SMTP server: the message arrives over TLS, after AUTH")
    func startTLS() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otop-e2e-tls-\(UUID().uuidString)")
        let smtp = try await ScriptServer(script: "smtp_tls_server.py", arguments: [
            "--cert", certificates.serverCertificateFile, "--key", certificates.serverKeyFile,
            "--maildir", folder.appendingPathComponent("mail").path, "--user", "otop", "--password", "e2e-secret",
        ], folder: folder)
        defer { smtp.stop() }
        try await run(["intake", "matching", "notifications"], environment: [
            "SMTP_HOST": "localhost", "SMTP_PORT": "\(smtp.port)", "SMTP_STARTTLS": "required",
            "SMTP_CA_FILE": certificates.authorityFile, "SMTP_USERNAME": "otop", "SMTP_PASSWORD": "e2e-secret",
        ]) { system in
            let parties = try await register(system, enterpriseContact: [
                "name": "นางสมศรี ใจดี", "email": "somsri-\(system.tag)@example.org", "channels": ["email"]])
            let request = try await submit(system, parties)
            let mail = try await eventually("the e-mail filed by the TLS server", timeout: .seconds(60)) {
                MailMessage.all(in: folder.appendingPathComponent("mail").path).first {
                    $0.header("X-OTOP-Request") == request.reference && $0.header("X-OTOP-Template") == "request-received"
                }
            }
            #expect(mail.header("X-OTOP-TLS") == "yes")
            #expect(mail.header("X-OTOP-Auth-User") == "otop")
            #expect(mail.header("Subject") == "ได้รับคำขอรับบริการ \(request.reference) แล้ว")
        }
    }

    @Test("SIGKILL of notifications in the middle of a batch: every message arrives, each LINE message accepted once")
    func sigkillMidBatch() async throws {
        let line = try await StandIn.start("line", arguments: ["--delay-ms", "150"])
        let sms = try await StandIn.start("sms")
        defer { line.stop(); sms.stop() }
        try await run(["intake", "matching", "notifications"], environment: channelEnvironment(line: line, sms: sms)
            .merging(["NOTIFICATIONS_DELIVERY_CONCURRENCY": "2"]) { _, new in new }) { system in
            let parties = try await register(system, enterpriseContact: [
                "name": "นางสมศรี ใจดี", "email": "somsri-\(system.tag)@example.org", "lineUserId": "U\(system.tag)",
                "channels": ["line", "email"]])
            var references: [String] = []
            for index in 0..<6 { references.append(try await submit(system, parties, description: "คำขอที่ \(index)").reference) }
            _ = try await eventually("the first LINE push", timeout: .seconds(60)) { line.received().first }
            try await system.kill("notifications")
            try await system.restart("notifications")
            let accepted = try await eventually("a LINE push accepted for every request", timeout: .seconds(90)) { () -> [StandIn.Received]? in
                let ok = line.received().filter { $0.status == 200 }
                return references.allSatisfy { reference in ok.contains { $0.texts.first?.contains(reference) == true } } ? ok : nil
            }
            // The LINE retry key makes a resend after the crash a 409, never a second accepted push.
            #expect(Set(accepted.compactMap(\.key)).count == accepted.count)
            let mails = try await eventually("a request-received e-mail for every request", timeout: .seconds(60)) { () -> [MailMessage]? in
                let ours = MailMessage.all(in: system.maildir).filter {
                    $0.header("To")?.contains(system.tag) == true && $0.header("X-OTOP-Template") == "request-received"
                }
                return references.allSatisfy { reference in ours.contains { $0.header("X-OTOP-Request") == reference } } ? ours : nil
            }
            // At most the one documented SMTP window: identical copies (same Message-ID) only.
            let byID = Dictionary(grouping: mails, by: { $0.header("Message-ID") ?? "" })
            #expect(byID.count == references.count)
            #expect(byID.values.allSatisfy { copies in copies.count <= 2 && Set(copies.map(\.body)).count == 1 },
                    "a copy from the crash window is identical to the first")
        }
    }

    @Test("The weekly digest goes out once per week and region with two notifications replicas running")
    func digestWithTwoReplicas() async throws {
        try await run(["intake"], environment: [:]) { system in
            // The officer is registered before any notifications process runs, so both replicas read
            // the contacts from the start of the topic before the send time.
            let officerClient = try await system.intake.send("POST", "/v1/api-clients", token: system.operatorToken,
                                                             json: ["name": "เจ้าหน้าที่", "role": "officer"])
            try await registerOfficer(system, try #require(officerClient.json["token"] as? String),
                                      email: "digest-\(system.tag)@otop.example")
            // The send time: a little after both replicas can be up, Bangkok time, today.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Bangkok")!
            let sendAt = Date().addingTimeInterval(30)
            let parts = calendar.dateComponents([.weekday, .hour, .minute, .second], from: sendAt)
            let environment = [
                "NOTIFICATIONS_DIGEST_WEEKDAY": "\((parts.weekday! + 5) % 7 + 1)",
                "NOTIFICATIONS_DIGEST_TIME": String(format: "%02d:%02d:%02d", parts.hour!, parts.minute!, parts.second!),
            ]
            async let first = system.startReplica("notifications", extraEnvironment: environment)
            async let second = system.startReplica("notifications", extraEnvironment: environment)
            let replicas = try await [first, second]
            defer { replicas.forEach { $0.kill9() } }
            _ = try await eventually("the officer known to notifications", timeout: .seconds(30)) { () -> Bool? in
                try await system.count("SELECT count(*)::int8 AS n FROM notifications.recipients WHERE party_kind = 'officer'") == 1 ? true : nil
            }
            try #require(Date() < sendAt, "the officer must be known before the send time (a very slow start?)")
            let ours = { MailMessage.all(in: system.maildir).filter {
                $0.header("To")?.contains("digest-\(system.tag)") == true && $0.header("X-OTOP-Template") == "officer-digest" } }
            let digest = try await eventually("the digest e-mail", timeout: .seconds(90)) { ours().first }
            #expect(digest.header("Subject")?.hasPrefix("สรุปประจำสัปดาห์ ภาคเหนือ") == true)
            // Both replicas have passed the send time: one row per region, one message, one e-mail.
            _ = try await eventually("every region's digest row", timeout: .seconds(30)) { () -> Bool? in
                try await system.count("SELECT count(*)::int8 AS n FROM notifications.digests") == 6 ? true : nil
            }
            #expect(try await system.count("SELECT count(*)::int8 AS n FROM notifications.messages WHERE template = 'officer-digest'") == 1)
            #expect(ours().count == 1)
        }
    }
}
