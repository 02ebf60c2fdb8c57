import Domain
import Foundation
import Hummingbird

/// The home page (an officer's queues, an operator's operations page) and "my account": the
/// person's open sessions and a password change.
struct HomePages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/") { _, context -> Response in
            let session = try context.requireSession()
            switch session.principal {
            case .account(let account): return portal.redirect(account.role == .officer ? "/queues" : "/operations")
            case .contact: return portal.redirect("/my")
            }
        }
        group.get("/account", use: account)
        group.post("/account/password", use: changePassword)
    }

    @Sendable func account(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await page(request, context, error: nil, status: 200)
    }

    func page(_ request: Request, _ context: PortalRequestContext, error: String?, status: Int) async throws -> Response {
        let (session, account) = try portal.require(context, .officer, .operator)
        let t = Labels.table(context.language)
        let sessions = try await portal.sessions.open(of: account.id)
        let rows = sessions.map { item -> [Table.Cell] in
            [.init(text: Format.dateTime(item.createdAt, context.language)), .init(text: Format.dateTime(item.lastSeenAt, context.language)),
             .init(text: item.id == session.id ? t["thisSession"]! : (item.userAgent.map { String($0.prefix(60)) } ?? ""))]
        }
        let names = Names(language: context.language)
        let sections = [
            Section(heading: t["accountDetails"]!, facts: [
                Fact(label: t["username"]!, value: account.username), Fact(label: t["displayName"]!, value: account.displayName),
                Fact(label: t["role"]!, value: t["role_\(account.role.rawValue)"]!),
                Fact(label: t["region"]!, value: account.region.map { names.region($0.rawValue) } ?? t["allRegions"]!)]),
            Section(heading: t["changePassword"]!, note: t["passwordPolicy"], forms: [FormSpec(action: "/account/password", fields: [
                .init(name: "current", label: t["currentPassword"]!, kind: .password, required: true, autocomplete: "current-password"),
                .init(name: "password", label: t["newPassword"]!, kind: .password, required: true, help: t["passwordPolicy"],
                      error: error, autocomplete: "new-password")], submit: t["changePassword"]!)]),
            Section(heading: t["mySessions"]!, table: Table(caption: t["mySessions"]!, columns: [t["signedInAt"]!, t["lastSeen"]!, t["device"]!],
                                                           rows: rows, empty: ""))]
        return await portal.render(sectionsPage(title: "navAccount", heading: t["navAccount"]!, sections: sections, status: status), request, context)
    }

    @Sendable func changePassword(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        let (_, user) = try portal.require(context, .officer, .operator)
        let t = Labels.table(context.language)
        guard let stored = try await portal.accounts.credentials(username: user.username),
              try await portal.accounts.hasher.verify(form["current"] ?? "", against: stored.hash) else {
            return try await page(request, context, error: t["currentPasswordWrong"], status: 422)
        }
        do {
            try await portal.accounts.setPassword(user.id, to: form["password"] ?? "", mustChange: false, keepingSession: session.id)
        } catch AccountStore.Failure.password(let refusal) {
            return try await page(request, context, error: t[refusal.rawValue], status: 422)
        }
        try await portal.audit.record(.passwordChanged, account: user.id, session: session.id, address: context.address)
        return portal.redirect("/account", notice: "passwordChanged")
    }
}
