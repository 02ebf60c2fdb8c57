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
        group.post("/notification-failures/:id/resolution", use: resolve)
    }

    @Sendable func queues(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.require(context, .officer)
        let language = context.language
        let t = Labels.table(language)
        let counts = await portal.queues.answer(session: session)
        let unconfirmedDays = counts?.thresholds?.unconfirmedWorkDays ?? 14
        let idleDays = counts?.thresholds?.idleAssignmentDays ?? 30
        let expiringDays = counts?.thresholds?.expiringCertificateDays ?? 90
        let now = Date()
        let rows = RequestRows(language: language)
        let limit = "10"
        let unconfirmedBefore = ISO8601DateFormatter().string(from: now.addingTimeInterval(-Double(unconfirmedDays) * 86400))
        let idleBefore = ISO8601DateFormatter().string(from: now.addingTimeInterval(-Double(idleDays) * 86400))
        let intake = portal.intake

        // One intake call per section, all at once.
        async let screening = intake.get("/v1/requests", [("status", "awaitingScreening"), ("limit", limit)],
                                         as: IntakePage<IntakeRequest>.self, session: session)
        async let overdue = intake.get("/v1/proposals", [("overdue", "true"), ("limit", limit)],
                                       as: IntakePage<IntakeProposal>.self, session: session)
        async let waiting = intake.get("/v1/requests", [("status", "unmatched,waitlisted"), ("limit", limit)],
                                       as: IntakePage<IntakeRequest>.self, session: session)
        async let unconfirmed = intake.get("/v1/requests", [("status", "workReported"), ("statusBefore", unconfirmedBefore), ("limit", limit)],
                                           as: IntakePage<IntakeRequest>.self, session: session)
        async let idle = intake.get("/v1/requests", [("status", "assigned"), ("activityBefore", idleBefore), ("limit", limit)],
                                    as: IntakePage<IntakeRequest>.self, session: session)
        async let providers = intake.get("/v1/providers", [("qualified", "false"), ("limit", limit)],
                                         as: IntakePage<IntakeProvider>.self, session: session)
        async let certificates = intake.get("/v1/certificates", [("expiringBy", ISO8601DateFormatter.day(now.addingTimeInterval(Double(expiringDays) * 86400))),
                                                                 ("limit", limit)],
                                            as: IntakePage<IntakeCertificate>.self, session: session)
        async let failed = intake.get("/v1/notification-failures", [("resolved", "false"), ("limit", limit)],
                                      as: IntakePage<IntakeNotificationFailure>.self, session: session)

        let act = { (request: IntakeRequest, label: String) in Link(text: label, href: "/requests/\(request.id.lowercased)#actions") }
        let unconfirmedHeading = t["queueUnconfirmed"]!.replacingOccurrences(of: "{days}", with: "\(unconfirmedDays)")
        let idleHeading = t["queueIdle"]!.replacingOccurrences(of: "{days}", with: "\(idleDays)")
        let certificatesHeading = t["queueCertificates"]!.replacingOccurrences(of: "{days}", with: "\(expiringDays)")
        let sections = [
            Section(heading: t["queueScreening"]!, id: "screening", table: rows.table(
                try await screening, caption: t["queueScreening"]!, empty: t["queueEmpty"]!, next: "/requests?status=awaitingScreening",
                actions: { request in [ScreeningForm.inline(request: request.id, t: t)] })),
            Section(heading: t["queueOverdue"]!, id: "overdue", table: ProposalRows(language: language).table(
                try await overdue, caption: t["queueOverdue"]!, empty: t["queueEmpty"]!, withRequest: true,
                action: { Link(text: t["actOnRequest"]!, href: "/requests/\($0.requestId.lowercased)#actions") },
                actions: { proposal in proposal.status == "pending" ? [WithdrawProposalForm.inline(proposal: proposal, t: t)] : [] })),
            Section(heading: t["queueWaiting"]!, id: "waiting", table: rows.table(
                try await waiting, caption: t["queueWaiting"]!, empty: t["queueEmpty"]!, next: "/requests?status=unmatched", showWaiting: true,
                action: { act($0, t["assignByHand"]!) })),
            Section(heading: unconfirmedHeading, id: "unconfirmed", table: rows.table(
                try await unconfirmed, caption: unconfirmedHeading, empty: t["queueEmpty"]!, next: nil,
                action: { act($0, t["confirmOnBehalf"]!) })),
            Section(heading: idleHeading, id: "idle", table: rows.table(
                try await idle, caption: idleHeading, empty: t["queueEmpty"]!, next: nil, action: { act($0, t["withdrawAssignment"]!) })),
            Section(heading: t["queueProviders"]!, id: "providers", table: ProviderRows(language: language).table(
                try await providers, caption: t["queueProviders"]!, empty: t["queueEmpty"]!, next: "/providers?qualified=false",
                actions: { provider in [FormSpec(action: "/providers/\(provider.id.lowercased)/qualification", fields: [],
                                                 submit: t["prequalify"]!, inline: true)] })),
            Section(heading: certificatesHeading, id: "certificates", table: CertificateRows(language: language).table(
                try await certificates, caption: certificatesHeading, empty: t["queueEmpty"]!,
                action: { Link(text: t["reportRenewal"]!, href: "/certificates/\($0.id.lowercased)#report") })),
            Section(heading: t["queueFailed"]!, id: "failed", table: NotificationFailureRows(language: language).table(
                try await failed, caption: t["queueFailed"]!, empty: t["queueEmpty"]!, next: nil)),
        ]
        return await portal.render(sectionsPage(title: "navQueues", heading: t["navQueues"]!, intro: t["queuesIntro"], sections: sections),
                                   request, context)
    }

    /// Marks a message that failed for good as handled, with what the officer did (A7).
    @Sendable func resolve(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        guard session.account?.role == .officer, let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw HTTPError(.notFound)
        }
        _ = try await portal.intake.send(.POST, "/v1/notification-failures/\(id.lowercased)/resolution", json: ["note": form.text("note") ?? ""],
                                         idempotencyKey: Portal.idempotencyKey(form), session: session)
        portal.queues.forget(session.id)
        return portal.redirect("/queues", notice: "resolved")
    }

    /// Pre-qualifies a provider: its current version, then `PATCH {"qualified": true}` with `If-Match`.
    @Sendable func qualify(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, session) = try await portal.form(request, context)
        guard session.account?.role == .officer, let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
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
