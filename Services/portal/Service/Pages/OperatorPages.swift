import AsyncHTTPClient
import Domain
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// The operators' pages: each service's readiness, dead letters (A12), portal accounts (create,
/// reset a password, disable, enable) and intake's API keys.
struct OperatorPages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/operations", use: operations)
        group.get("/operations/accounts", use: accounts)
        group.post("/operations/accounts", use: createAccount)
        group.post("/operations/accounts/:id/:action", use: changeAccount)
        group.get("/operations/api-keys", use: apiKeys)
        group.post("/operations/api-keys", use: createKey)
        group.post("/operations/api-keys/:id/:action", use: changeKey)
    }

    @Sendable func operations(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.require(context, .operator)
        let t = Labels.table(context.language)
        let checks = await withTaskGroup(of: (String, Int, String).self) { group in
            for service in portal.configuration.serviceURLs {
                group.addTask {
                    do {
                        let response = try await portal.http.execute(HTTPClientRequest(url: service.url + "/health/ready"), timeout: .seconds(3))
                        let body = try await response.body.collect(upTo: 64 * 1024)
                        return (service.name, Int(response.status.code), String(buffer: body))
                    } catch {
                        return (service.name, 0, "\(error)")
                    }
                }
            }
            var all: [(String, Int, String)] = []
            for await check in group { all.append(check) }
            return all.sorted { $0.0 < $1.0 }
        }
        let rows = checks.map { name, status, body -> [Table.Cell] in
            [.init(text: name), .init(text: status == 200 ? t["ready"]! : status == 0 ? t["unreachable"]! : t["notReady"]!),
             .init(text: String(body.prefix(300)))]
        }
        var sections = [Section(heading: t["readiness"]!, id: "readiness", table: Table(
            caption: t["readiness"]!, columns: [t["service"]!, t["state"]!, t["details"]!], rows: rows, empty: ""))]
        switch try await IntakeClient.outcome(showing: [503], { () async throws(IntakeProblem) in
            try await portal.intake.get("/v1/operations/dead-letters", as: IntakeDeadLetters.self, session: session)
        }) {
        case .success(let letters):
            sections.append(Section(heading: t["deadLetters"]!, id: "dlq", note: "\(t["asOf"]!) \(Format.dateTime(letters.asOf, context.language))",
                                    table: Table(caption: t["deadLetters"]!, columns: [t["topic"]!, t["deadLetterTopic"]!, t["heldLetters"]!],
                                                 numericColumns: [2], rows: letters.topics.map { topic in
                                                     [.init(text: topic.topic), .init(text: topic.deadLetterTopic),
                                                      .init(text: Format.number(Int(topic.held)), numeric: true)] }, empty: t["noneFound"]!)))
        case .failure(let problem):
            sections.append(Section(heading: t["deadLetters"]!, id: "dlq", note: problem.detail ?? problem.title))
        }
        let audit = try await portal.audit.latest(limit: 20).map { item -> [Table.Cell] in
            [.init(text: Format.dateTime(item.at, context.language)), .init(text: item.event), .init(text: item.reason ?? "")]
        }
        sections.append(Section(heading: t["signInAudit"]!, id: "audit", table: Table(
            caption: t["signInAudit"]!, columns: [t["when"]!, t["what"]!, t["reason"]!], rows: audit, empty: t["noneFound"]!)))
        return await portal.render(sectionsPage(title: "navOperations", heading: t["navOperations"]!, sections: sections), request, context)
    }

    @Sendable func accounts(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await accountsPage(request, context, problem: nil, status: 200)
    }

    func accountsPage(_ request: Request, _ context: PortalRequestContext, problem: String?, status: Int) async throws -> Response {
        _ = try portal.require(context, .operator)
        let t = Labels.table(context.language), names = Names(language: context.language)
        let rows = try await portal.accounts.all().map { account -> [Table.Cell] in
            let id = account.id.lowercased
            let forms = [
                FormSpec(action: "/operations/accounts/\(id)/password", fields: [
                    .init(name: "password", label: t["newPassword"]!, kind: .password, required: true, autocomplete: "new-password")],
                         submit: t["resetPassword"]!, inline: true),
                account.disabledAt == nil
                    ? FormSpec(action: "/operations/accounts/\(id)/disable", fields: [], submit: t["disable"]!, inline: true, danger: true)
                    : FormSpec(action: "/operations/accounts/\(id)/enable", fields: [], submit: t["enable"]!, inline: true)]
            return [.init(text: account.username), .init(text: account.displayName), .init(text: t["role_\(account.role.rawValue)"]!),
                    .init(text: account.region.map { names.region($0.rawValue) } ?? "—"),
                    .init(text: account.disabledAt == nil ? t["active"]! : t["disabled"]!), .init(text: "", forms: forms)]
        }
        let sections = [
            Section(heading: t["navAccounts"]!, id: "accounts", table: Table(
                caption: t["navAccounts"]!, columns: [t["username"]!, t["displayName"]!, t["role"]!, t["region"]!, t["state"]!, t["action"]!],
                rows: rows, empty: t["noneFound"]!)),
            Section(heading: t["createAccount"]!, id: "create", note: t["passwordPolicy"], forms: [FormSpec(action: "/operations/accounts", fields: [
                .init(name: "username", label: t["username"]!, required: true, autocomplete: "off"),
                .init(name: "displayName", label: t["displayName"]!, required: true),
                .init(name: "role", label: t["role"]!, kind: .select, options: Account.Role.allCases.map { .init(value: $0.rawValue, label: t["role_\($0.rawValue)"]!) }),
                .init(name: "region", label: t["region"]!, kind: .select, options: names.regionOptions(selected: nil, all: t["allRegions"]!)),
                .init(name: "password", label: t["initialPassword"]!, kind: .password, required: true, help: t["initialPasswordHelp"],
                      autocomplete: "new-password")], submit: t["createAccount"]!)])]
        return await portal.render(sectionsPage(title: "navAccounts", heading: t["navAccounts"]!, sections: sections, status: status, problem: problem),
                                   request, context)
    }

    func message(_ failure: AccountStore.Failure, _ t: [String: String]) -> String {
        switch failure {
        case .usernameTaken: t["usernameTaken"]!
        case .invalidUsername: t["usernameInvalid"]!
        case .invalidDisplayName: t["displayNameInvalid"]!
        case .regionForOperator: t["regionForOperator"]!
        case .password(let refusal): t[refusal.rawValue]!
        case .notFound: t["error404"]!
        }
    }

    @Sendable func createAccount(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        guard let user = session.account, user.role == .operator else { throw HTTPError(.forbidden) }
        let t = Labels.table(context.language)
        do {
            let account = try await portal.accounts.create(
                username: form["username"] ?? "", displayName: form["displayName"] ?? "", role: Account.Role(rawValue: form["role"] ?? "") ?? .officer,
                region: form.text("region").flatMap(Region.init(rawValue:)), password: form["password"] ?? "", mustChangePassword: true)
            try await portal.audit.record(.accountCreated, account: account.id, actor: user.id, session: session.id, address: context.address)
        } catch let failure as AccountStore.Failure {
            return try await accountsPage(request, context, problem: message(failure, t), status: 422)
        }
        return portal.redirect("/operations/accounts", notice: "saved")
    }

    @Sendable func changeAccount(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        guard let user = session.account, user.role == .operator, let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw HTTPError(.forbidden) }
        let t = Labels.table(context.language)
        do {
            switch context.parameters.get("action") {
            case "password":
                try await portal.accounts.setPassword(id, to: form["password"] ?? "", mustChange: true)
                try await portal.audit.record(.passwordReset, account: id, actor: user.id, session: session.id, address: context.address)
            case "disable":
                guard id != user.id else { return try await accountsPage(request, context, problem: t["cannotDisableSelf"], status: 409) }
                try await portal.accounts.setDisabled(id, true)
                try await portal.audit.record(.accountDisabled, account: id, actor: user.id, session: session.id, address: context.address)
            case "enable":
                try await portal.accounts.setDisabled(id, false)
                try await portal.audit.record(.accountEnabled, account: id, actor: user.id, session: session.id, address: context.address)
            default:
                throw HTTPError(.notFound)
            }
        } catch let failure as AccountStore.Failure {
            return try await accountsPage(request, context, problem: message(failure, t), status: 422)
        }
        return portal.redirect("/operations/accounts", notice: "saved")
    }

    @Sendable func apiKeys(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await keysPage(request, context, issued: nil)
    }

    func keysPage(_ request: Request, _ context: PortalRequestContext, issued: IntakeClientView?) async throws -> Response {
        let (session, _) = try portal.require(context, .operator)
        let t = Labels.table(context.language), names = Names(language: context.language)
        var sections: [Section] = []
        if let issued, let token = issued.token {
            sections.append(Section(heading: t["tokenOnce"]!, id: "token", facts: [Fact(label: issued.name, value: token)]))
        }
        switch try await IntakeClient.outcome(showing: [401, 403], { () async throws(IntakeProblem) in
            try await portal.intake.get("/v1/api-clients", [("limit", "100")], as: IntakePage<IntakeClientView>.self, session: session)
        }) {
        case .success(let page):
            let rows = page.items.map { client -> [Table.Cell] in
                let id = client.id.lowercased
                let forms = client.revokedAt != nil || client.credential == "jwt" ? [] : [
                    FormSpec(action: "/operations/api-keys/\(id)/rotation", fields: [], submit: t["rotate"]!, inline: true),
                    FormSpec(action: "/operations/api-keys/\(id)/revocation", fields: [], submit: t["revoke"]!, inline: true, danger: true)]
                return [.init(text: client.name), .init(text: client.role), .init(text: client.region.map { names.region($0) } ?? "—"),
                        .init(text: client.credential ?? "—"), .init(text: client.revokedAt == nil ? t["active"]! : t["revoked"]!),
                        .init(text: "", forms: forms)]
            }
            sections.append(Section(heading: t["navAPIKeys"]!, id: "keys", table: Table(
                caption: t["navAPIKeys"]!, columns: [t["name"]!, t["role"]!, t["region"]!, t["credential"]!, t["state"]!, t["action"]!],
                rows: rows, empty: t["noneFound"]!)))
            sections.append(Section(heading: t["createKey"]!, id: "create", forms: [FormSpec(action: "/operations/api-keys", fields: [
                .init(name: "name", label: t["name"]!, required: true),
                .init(name: "role", label: t["role"]!, kind: .select, options: ["officer", "operator"].map { .init(value: $0, label: t["role_\($0)"]!) }),
                .init(name: "region", label: t["region"]!, kind: .select, options: names.regionOptions(selected: nil, all: t["allRegions"]!))],
                submit: t["createKey"]!)]))
        case .failure(let problem):
            sections.append(Section(heading: t["navAPIKeys"]!, id: "keys", note: problem.detail ?? problem.title))
        }
        return await portal.render(sectionsPage(title: "navAPIKeys", heading: t["navAPIKeys"]!, sections: sections), request, context)
    }

    @Sendable func createKey(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        var body = ["name": form.text("name") ?? "", "role": form["role"] == "operator" ? "operator" : "officer"]
        if body["role"] == "officer", let region = form.text("region") { body["region"] = region }
        let answer = try await portal.intake.send(.POST, "/v1/api-clients", json: body, idempotencyKey: Portal.idempotencyKey(form), session: session)
        return try await keysPage(request, context, issued: try answer.decode(IntakeClientView.self))
    }

    @Sendable func changeKey(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let action = context.parameters.get("action"), action == "rotation" || action == "revocation" else { throw HTTPError(.notFound) }
        let answer = try await portal.intake.call(.POST, "/v1/api-clients/\(id.lowercased)/\(action)",
                                                  idempotencyKey: Portal.idempotencyKey(form), session: session)
        if action == "rotation" { return try await keysPage(request, context, issued: try? answer.decode(IntakeClientView.self)) }
        return portal.redirect("/operations/api-keys", notice: "saved")
    }
}
