import Domain
import Foundation
import Hummingbird

/// A contact person's home (`/my`: what waits for them, and their party's pages) and their sessions
/// (`/my/sessions`: every device they signed in on, each of which they can end).
struct ContactHomePages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/my", use: home)
        group.get("/my/sessions", use: sessions)
        group.post("/my/sessions/:id/end", use: end)
        // Any other `/my/...` link (a message's, a page not built here) signs in first, then is not found.
        group.get("/my/**") { _, _ -> Response in throw HTTPError(.notFound) }
    }

    @Sendable func home(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, contact) = try portal.requireContact(context, .enterprise, .provider)
        let t = Labels.table(context.language)
        var sections: [Section] = []
        if contact.party == .provider {
            // Proposals waiting for this provider's answer, soonest deadline first.
            let waiting = try await portal.intake.get("/v1/proposals", [("status", "pending"), ("limit", "50")],
                                                      as: IntakePage<IntakeProposal>.self, session: session).items
                .sorted { $0.respondBy < $1.respondBy }
            let rows = waiting.map { proposal -> [Table.Cell] in
                [.init(text: proposal.requestReference, href: "/my/proposals/\(proposal.id.lowercased)"),
                 .init(text: Format.dateTime(proposal.respondBy, context.language))]
            }
            sections.append(Section(heading: t["myWaitingProposals"]!, id: "waiting",
                                    table: Table(caption: t["myWaitingProposals"]!, columns: [t["reference"]!, t["respondBy"]!],
                                                 rows: rows, empty: t["myNothingWaiting"]!)))
        }
        let links = Layout.navigation(for: contact).dropFirst().map { Link(text: t[$0.label] ?? $0.label, href: $0.path) }
        sections.append(Section(heading: t["myPages"]!, id: "pages", links: Array(links)))
        let heading = t["myHomeHeading"]!.replacingOccurrences(of: "{name}", with: contact.name)
        return await portal.render(sectionsPage(title: "navMyHome", heading: heading, intro: contact.partyName, sections: sections),
                                   request, context)
    }

    @Sendable func sessions(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, contact) = try portal.requireContact(context, .enterprise, .provider)
        let t = Labels.table(context.language)
        let open = try await portal.sessions.open(of: contact)
        let rows = open.map { item -> [Table.Cell] in
            let device = Self.device(item.userAgent, t)
            let end = FormSpec(action: "/my/sessions/\(item.id.lowercased)/end", fields: [],
                               submit: item.id == session.id ? t["signOut"]! : t["endSession"]!, inline: true, danger: true)
            return [.init(text: item.id == session.id ? "\(device) (\(t["thisSession"]!))" : device),
                    .init(text: Format.dateTime(item.createdAt, context.language)),
                    .init(text: Format.dateTime(item.lastSeenAt, context.language)),
                    .init(text: item.remembered ? t["remembered"]! : "", forms: [end])]
        }
        let table = Table(caption: t["mySessions"]!, columns: [t["device"]!, t["signedInAt"]!, t["lastSeen"]!, t["endSession"]!],
                          rows: rows, empty: "")
        return await portal.render(sectionsPage(title: "navMySessions", heading: t["navMySessions"]!, intro: t["mySessionsIntro"],
                                                sections: [Section(heading: t["mySessions"]!, id: "sessions", table: table)]),
                                   request, context)
    }

    @Sendable func end(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, session) = try await portal.form(request, context, limit: 16 * 1024)
        let (_, contact) = try portal.requireContact(context, .enterprise, .provider)
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw HTTPError(.notFound) }
        if try await portal.sessions.end(id, of: contact) {
            try await portal.audit.record(id == session.id ? .signOut : .sessionEnded, subject: contact.subject, session: id,
                                          address: context.address)
            portal.signer.forget(id)
        }
        if id == session.id {
            var response = portal.redirect("/sign-in?tab=contact", notice: "signedOut")
            response.headers.append(.init(name: .setCookie, value: portal.cookies.clear(context: context)))
            return response
        }
        return portal.redirect("/my/sessions", notice: "sessionEnded")
    }

    /// A short name of the device from its user agent ("Android · Chrome"), never the whole string.
    static func device(_ userAgent: String?, _ t: [String: String]) -> String {
        guard let agent = userAgent, !agent.isEmpty else { return t["deviceUnknown"]! }
        let systems = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"), ("Mac OS X", "Mac"),
                       ("CrOS", "ChromeOS"), ("Linux", "Linux")]
        let browsers = [("Line/", "LINE"), ("Edg/", "Edge"), ("Firefox/", "Firefox"), ("SamsungBrowser/", "Samsung Internet"),
                        ("Chrome/", "Chrome"), ("Safari/", "Safari")]
        let system = systems.first { agent.contains($0.0) }?.1
        let browser = browsers.first { agent.contains($0.0) }?.1
        let parts = [system, browser].compactMap { $0 }
        return parts.isEmpty ? t["deviceUnknown"]! : parts.joined(separator: " · ")
    }
}
