import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// A provider's proposals (`/my/proposals`): every proposal made to it, and one proposal
/// (`/my/proposals/{id}`, the link of the proposal e-mail) with its deadline, why this enterprise was
/// matched to it, and accept / decline with a reason, one tap each, no JavaScript.
///
/// The same path is the enterprise's page for a proposal its provider accepted (confirm the
/// provider): an enterprise's session is handed to ``enterpriseView``, which the enterprise pages
/// (Pages/Enterprise) supply.
struct ProviderProposalPages: Sendable {
    let portal: Portal
    /// The enterprise's view of `/my/proposals/{id}`; ``enterpriseViewMissing`` until the enterprise pages give theirs.
    let enterpriseView: @Sendable (Request, PortalRequestContext) async throws -> Response

    init(portal: Portal, enterpriseView: @escaping @Sendable (Request, PortalRequestContext) async throws -> Response = Self.enterpriseViewMissing) {
        self.portal = portal
        self.enterpriseView = enterpriseView
    }

    /// The hook's default: no enterprise view of a proposal yet, so the link is not found.
    @Sendable static func enterpriseViewMissing(_ request: Request, _ context: PortalRequestContext) async throws -> Response {
        throw HTTPError(.notFound)
    }

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/my/proposals", use: list)
        group.get("/my/proposals/:id", use: proposal)
        group.post("/my/proposals/:id/accept", use: accept)
        group.post("/my/proposals/:id/decline", use: decline)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.requireContact(context, .provider)
        let t = Labels.table(context.language)
        let cursor = request.uri.queryParameters["cursor"].map(String.init)
        let page = try await portal.intake.get("/v1/proposals", [("limit", "50"), ("cursor", cursor)], as: IntakePage<IntakeProposal>.self,
                                               session: session)
        let rows = page.items.map { proposal -> [Table.Cell] in
            [.init(text: proposal.requestReference, href: "/my/proposals/\(proposal.id.lowercased)"),
             .init(text: proposal.enterpriseName ?? "—"),
             .init(text: context.language == .th ? proposal.statusNameTH : proposal.statusNameEN),
             .init(text: Format.dateTime(proposal.respondBy, context.language))]
        }
        let table = Table(caption: t["navMyProposals"]!, columns: [t["reference"]!, t["enterprise"]!, t["status"]!, t["respondBy"]!],
                          rows: rows, empty: t["noProposals"]!, next: page.nextCursor.map { "/my/proposals?cursor=\($0)" })
        return await portal.render(sectionsPage(title: "navMyProposals", heading: t["navMyProposals"]!, intro: t["myProposalsIntro"],
                                                sections: [Section(heading: t["navMyProposals"]!, id: "proposals", table: table)]),
                                   request, context)
    }

    @Sendable func proposal(_ request: Request, context: PortalRequestContext) async throws -> Response {
        if context.session?.contact?.party == .enterprise { return try await enterpriseView(request, context) }
        return try await proposalPage(request, context, problem: nil)
    }

    /// The proposal with its explanation and, while it waits for an answer, the two answers;
    /// `problem` is intake's refusal of the answer just sent (409: expired or answered already; 422).
    func proposalPage(_ request: Request, _ context: PortalRequestContext, problem: IntakeProblem?, typed: Form? = nil) async throws -> Response {
        let (session, _) = try portal.requireContact(context, .provider)
        let id = try RequestPages.id(context)
        let t = Labels.table(context.language), language = context.language
        let proposal = try await portal.intake.get("/v1/proposals/\(id)", as: IntakeProposal.self, session: session)
        let waiting = proposal.status == "pending" && proposal.respondBy > Date()
        var sections = [Section(heading: t["proposalDetails"]!, id: "details", facts: [
            Fact(label: t["reference"]!, value: proposal.requestReference),
            Fact(label: t["enterprise"]!, value: proposal.enterpriseName ?? "—"),
            Fact(label: t["status"]!, value: language == .th ? proposal.statusNameTH : proposal.statusNameEN),
            Fact(label: t["respondBy"]!, value: Format.dateTime(proposal.respondBy, language))])]
        let criteria = proposal.score.criteria.map { criterion -> [Table.Cell] in
            [.init(text: Labels.criterion(criterion.criterion, language)),
             .init(text: "\(Format.number(criterion.points ?? 0))/\(Format.number(criterion.weight ?? 0))", numeric: true),
             .init(text: criterion.note ?? "")]
        }
        sections.append(Section(heading: t["whyMatched"]!, id: "why", note: t["whyMatchedNote"],
                                table: Table(caption: t["whyMatched"]!, columns: [t["criterion"]!, t["score"]!, t["explanation"]!],
                                             numericColumns: [1], rows: criteria, empty: "")))
        if waiting {
            sections.append(Section(heading: t["yourAnswer"]!, id: "answer", note: t["yourAnswerNote"], forms: [
                FormSpec(action: "/my/proposals/\(id)/accept", fields: [], submit: t["acceptProposal"]!),
                FormSpec(action: "/my/proposals/\(id)/decline", heading: t["declineProposal"]!, fields: [
                    .init(name: "reason", label: t["declineReason"]!, kind: .textarea, value: typed?["reason"], required: true,
                          help: t["declineReasonHelp"])],
                         submit: t["declineProposal"]!, danger: true)]))
        }
        return await portal.render(sectionsPage(title: "proposalDetails", heading: "\(t["proposalDetails"]!) \(proposal.requestReference)",
                                                sections: sections, status: problem?.status ?? 200,
                                                problem: problem.map { $0.detail ?? $0.title }),
                                   request, context)
    }

    @Sendable func accept(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await answer(request, context, "accept")
    }

    @Sendable func decline(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await answer(request, context, "decline")
    }

    /// Sends the answer; a refusal (409 expired or answered already, 422 no reason) shows on the proposal's page.
    private func answer(_ request: Request, _ context: PortalRequestContext, _ decision: String) async throws -> Response {
        let (form, session) = try await portal.form(request, context, limit: 64 * 1024)
        _ = try portal.requireContact(context, .provider)
        let id = try RequestPages.id(context)
        let body: [String: String] = decision == "decline" ? ["reason": form.text("reason") ?? ""] : [:]
        if case .failure(let problem) = try await IntakeClient.outcome(showing: [409, 422], { () async throws(IntakeProblem) in
            try await portal.intake.send(.POST, "/v1/proposals/\(id)/\(decision)", json: body, idempotencyKey: Portal.idempotencyKey(form),
                                         session: session)
        }) {
            return try await proposalPage(request, context, problem: problem, typed: form)
        }
        return portal.redirect("/my/proposals/\(id)", notice: decision == "accept" ? "proposalAccepted" : "proposalDeclined")
    }
}
