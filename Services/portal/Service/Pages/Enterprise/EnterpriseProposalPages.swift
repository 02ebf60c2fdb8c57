import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// The enterprise's view of `/my/proposals/{id}`, the proposal-accepted message's link (issue 15,
/// point 3): the provider that accepted the enterprise's request, what it offers (service areas,
/// standards, accredited lab tests, the provinces it serves), the coupon the request holds, and
/// **ยืนยันผู้ให้บริการ** (`POST /v1/proposals/{id}/confirm`) while the proposal waits for it.
/// ``ProviderProposalPages`` hands an enterprise's session to ``proposal(_:context:)``; intake answers
/// only the enterprise's own proposals (another's is a 404, "not found, or not yours").
struct EnterpriseProposalPages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.post("/my/proposals/:id/confirm", use: confirm)
    }

    @Sendable func proposal(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await page(request, context, problem: nil)
    }

    /// The proposal and its provider; `problem` is intake's refusal of the confirmation just sent
    /// (409: the proposal is no longer waiting for it).
    func page(_ request: Request, _ context: PortalRequestContext, problem: IntakeProblem?) async throws -> Response {
        let (session, _) = try portal.requireContact(context, .enterprise)
        let id = try RequestPages.id(context)
        let language = context.language
        let t = Labels.table(language), names = Names(language: language)
        let proposal = try await portal.intake.get("/v1/proposals/\(id)", as: IntakeProposal.self, session: session)
        let item = try await portal.intake.get("/v1/requests/\(proposal.requestId.lowercased)", as: IntakeRequest.self, session: session)
        let waiting = proposal.status == "accepted" && item.status == RequestStatus.accepted.rawValue
        var sections = [Section(heading: t["proposalDetails"]!, id: "details", facts: [
            Fact(label: t["reference"]!, value: item.reference, href: "/my/requests/\(item.id.lowercased)"),
            Fact(label: t["product"]!, value: item.productName),
            Fact(label: t["status"]!, value: language == .th ? proposal.statusNameTH : proposal.statusNameEN)])]
        // Intake shows the provider to the enterprise only while it chooses it (or while the hand-off lasts).
        if let provider = try? await portal.intake.get("/v1/providers/\(proposal.providerId.lowercased)", as: IntakeProvider.self,
                                                       session: session) {
            var offers = [Fact(label: t["provider"]!, value: provider.name), Fact(label: t["kind"]!, value: names.providerKind(provider.kind)),
                          Fact(label: t["serviceAreas"]!, value: names.list(provider.serviceAreas, names.serviceArea)),
                          Fact(label: t["standards"]!, value: names.list(provider.standards) { names.standard($0) })]
            if !provider.accreditedLabTests.isEmpty {
                offers.append(Fact(label: t["labTests"]!, value: provider.accreditedLabTests.joined(separator: ", ")))
            }
            offers.append(Fact(label: t["serves"]!, value: names.list(provider.provinceCodes, names.province)))
            sections.append(Section(heading: t["providerOffers"]!, id: "provider", facts: offers))
        } else {
            sections.append(Section(heading: t["providerOffers"]!, id: "provider", facts: [
                Fact(label: t["provider"]!, value: proposal.providerName ?? "—")]))
        }
        sections.append(Section(heading: t["couponHeading"]!, id: "coupon", note: t["couponNote"], facts: [
            Fact(label: t["serviceAreas"]!, value: names.list(item.serviceAreas, names.serviceArea))]))
        if waiting {
            sections.append(Section(heading: t["confirmProvider"]!, id: "confirm", note: t["confirmProviderNote"], forms: [
                FormSpec(action: "/my/proposals/\(id)/confirm", fields: [], submit: t["confirmProvider"]!)]))
        }
        return await portal.render(sectionsPage(title: "confirmProvider", heading: "\(t["confirmProvider"]!) \(item.reference)",
                                                sections: sections, status: problem?.status ?? 200,
                                                problem: problem.map { $0.detail ?? $0.title }),
                                   request, context)
    }

    /// Confirms the provider; a refusal (409: confirmed already, withdrawn) shows on the proposal's page.
    @Sendable func confirm(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context, limit: 16 * 1024)
        _ = try portal.requireContact(context, .enterprise)
        let id = try RequestPages.id(context)
        let proposal = try await portal.intake.get("/v1/proposals/\(id)", as: IntakeProposal.self, session: session)
        if case .failure(let problem) = try await IntakeClient.outcome(showing: [409], { () async throws(IntakeProblem) in
            try await portal.intake.send(.POST, "/v1/proposals/\(id)/confirm", json: [String: String](),
                                         idempotencyKey: Portal.idempotencyKey(form), session: session)
        }) {
            return try await page(request, context, problem: problem)
        }
        return portal.redirect("/my/requests/\(proposal.requestId.lowercased)", notice: "providerConfirmed")
    }
}
