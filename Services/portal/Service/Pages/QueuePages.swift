import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// The officer's work queues (the first page after sign-in): one section per queue, each one intake
/// list (docs/console.md, "Work queues"), each row with the action that clears it or a link to it.
struct QueuePages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/queues", use: queues)
        group.post("/providers/:id/qualification", use: qualify)
    }

    @Sendable func queues(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let session = try portal.require(context, .officer)
        let language = context.language
        let t = Labels.table(language)
        let capabilities = portal.intake.capabilities
        let counts = await portal.queues.answer(session: session)
        let unconfirmedDays = counts?.thresholds?.unconfirmedWorkDays ?? 14
        let idleDays = counts?.thresholds?.idleAssignmentDays ?? 30
        let expiringDays = counts?.thresholds?.expiringCertificateDays ?? 90
        let now = Date()
        let rows = RequestRows(language: language)
        let a3 = await capabilities.has("/v1/requests", parameter: "statusBefore")
        let a4 = await capabilities.has("/v1/proposals", parameter: "overdue")
        let a7 = await capabilities.has("/v1/notification-failures")
        let limit = "10"
        let before = { (days: Int) in ISO8601DateFormatter().string(from: now.addingTimeInterval(-Double(days) * 86400)) }
        let unconfirmedBefore = a3 ? before(unconfirmedDays) : nil, idleBefore = a3 ? before(idleDays) : nil

        async let screening = portal.intake.get("/v1/requests", [("status", "awaitingScreening"), ("limit", limit)],
                                                as: IntakePage<IntakeRequest>.self, session: session)
        async let waiting = portal.intake.get("/v1/requests", [("status", a3 ? "unmatched,waitlisted" : "unmatched"), ("limit", limit)],
                                              as: IntakePage<IntakeRequest>.self, session: session)
        async let unconfirmed = portal.intake.get("/v1/requests", [("status", "workReported"), ("limit", a3 ? limit : "50"),
                                                                   ("statusBefore", unconfirmedBefore)],
                                                  as: IntakePage<IntakeRequest>.self, session: session)
        async let idle = portal.intake.get("/v1/requests", [("status", "assigned"), ("limit", a3 ? limit : "50"),
                                                            ("activityBefore", idleBefore)],
                                           as: IntakePage<IntakeRequest>.self, session: session)
        async let providers = portal.intake.get("/v1/providers", [("qualified", "false"), ("limit", limit)],
                                                as: IntakePage<IntakeProvider>.self, session: session)
        let expiringBy = ISO8601DateFormatter.day(now.addingTimeInterval(Double(expiringDays) * 86400))
        async let certificates = portal.intake.get("/v1/certificates", [("expiringBy", expiringBy), ("limit", limit)],
                                                   as: IntakePage<IntakeCertificate>.self, session: session)

        var sections: [Section] = []
        let screeningPage = try await screening
        sections.append(Section(heading: t["queueScreening"]!, id: "screening", table: rows.table(
            screeningPage, caption: t["queueScreening"]!, empty: t["queueEmpty"]!, next: "/requests?status=awaitingScreening",
            actions: { request in [ScreeningForm.inline(request: request.id, t: t)] })))

        if a4 {
            let overdue = try await portal.intake.get("/v1/proposals", [("overdue", "true"), ("limit", limit)],
                                                      as: IntakePage<IntakeProposal>.self, session: session)
            sections.append(Section(heading: t["queueOverdue"]!, id: "overdue", table: ProposalRows(language: language).table(
                overdue, caption: t["queueOverdue"]!, empty: t["queueEmpty"]!, withRequest: true)))
        } else {
            sections.append(Section(heading: t["queueOverdue"]!, id: "overdue", note: t["waitsFor"]!.replacingOccurrences(of: "{addition}", with: "A4")))
        }

        let waitingPage = try await waiting
        sections.append(Section(heading: t["queueWaiting"]!, id: "waiting", note: a3 ? nil : t["waitsForReason"],
                                table: rows.table(waitingPage, caption: t["queueWaiting"]!, empty: t["queueEmpty"]!,
                                                  next: "/requests?status=unmatched", showWaiting: true, actions: { _ in [] })))

        let oldEnough = { (request: IntakeRequest, days: Int) in
            a3 || (request.statusSince ?? request.updatedAt) < now.addingTimeInterval(-Double(days) * 86400)
        }
        var unconfirmedPage = try await unconfirmed
        unconfirmedPage.items = Array(unconfirmedPage.items.filter { oldEnough($0, unconfirmedDays) }.prefix(10))
        sections.append(Section(heading: t["queueUnconfirmed"]!.replacingOccurrences(of: "{days}", with: "\(unconfirmedDays)"),
                                id: "unconfirmed", note: a3 ? nil : t["waitsForSince"],
                                table: rows.table(unconfirmedPage, caption: t["queueUnconfirmed"]!.replacingOccurrences(of: "{days}", with: "\(unconfirmedDays)"),
                                                  empty: t["queueEmpty"]!, next: nil, actions: { _ in [] })))
        var idlePage = try await idle
        idlePage.items = Array(idlePage.items.filter { oldEnough($0, idleDays) }.prefix(10))
        sections.append(Section(heading: t["queueIdle"]!.replacingOccurrences(of: "{days}", with: "\(idleDays)"), id: "idle",
                                note: a3 ? nil : t["waitsForSince"],
                                table: rows.table(idlePage, caption: t["queueIdle"]!.replacingOccurrences(of: "{days}", with: "\(idleDays)"),
                                                  empty: t["queueEmpty"]!, next: nil, actions: { _ in [] })))

        let providerPage = try await providers
        sections.append(Section(heading: t["queueProviders"]!, id: "providers", table: ProviderRows(language: language).table(
            providerPage, caption: t["queueProviders"]!, empty: t["queueEmpty"]!, next: "/providers?qualified=false",
            actions: { provider in [FormSpec(action: "/providers/\(provider.id.lowercased)/qualification", fields: [],
                                             submit: t["prequalify"]!, inline: true)] })))

        let certificatePage = try await certificates
        sections.append(Section(heading: t["queueCertificates"]!.replacingOccurrences(of: "{days}", with: "\(expiringDays)"), id: "certificates",
                                table: CertificateRows(language: language).table(certificatePage, caption: t["queueCertificates"]!
                                    .replacingOccurrences(of: "{days}", with: "\(expiringDays)"), empty: t["queueEmpty"]!)))
        if a7 {
            sections.append(Section(heading: t["queueFailed"]!, id: "failed", links: [Link(text: t["queueFailed"]!, href: "/notification-failures")]))
        } else {
            sections.append(Section(heading: t["queueFailed"]!, id: "failed", note: t["waitsFor"]!.replacingOccurrences(of: "{addition}", with: "A7")))
        }
        return await portal.render(sectionsPage(title: "navQueues", heading: t["navQueues"]!, intro: t["queuesIntro"], sections: sections),
                                   request, context)
    }

    /// Pre-qualifies a provider: its current version, then `PATCH {"qualified": true}` with `If-Match`.
    @Sendable func qualify(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, session) = try await portal.form(request, context)
        guard session.account.role == .officer, let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw HTTPError(.notFound)
        }
        let path = "/v1/providers/\(id.lowercased)"
        let (_, etag) = try await portal.intake.getVersioned(path, as: IntakeProvider.self, session: session)
        _ = try await portal.intake.send(.PATCH, path, json: ["qualified": true], ifMatch: etag ?? "*",
                                         contentType: "application/merge-patch+json", session: session)
        portal.queues.forget(session.id)
        let back = request.headers[.referer].flatMap { URL(string: $0)?.path } ?? "/queues"
        return portal.redirect(SignInPages.safeNext(back), notice: "qualified")
    }
}

extension ISO8601DateFormatter {
    /// `2027-03-01`: a Bangkok calendar date as intake's date parameters take it.
    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "Asia/Bangkok")
        return formatter.string(from: date)
    }
}
