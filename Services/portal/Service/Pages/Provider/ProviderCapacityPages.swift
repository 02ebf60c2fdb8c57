import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// A provider's capacity and record (`/my/capacity`): how many pieces of work it takes at once (which
/// it changes: the provider's `PATCH` of intake, with `If-Match`), how many it holds now, and its
/// record over every fiscal year (completion, ratings, declines, expiries: A6).
struct ProviderCapacityPages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/my/capacity", use: capacity)
        group.post("/my/capacity", use: change)
    }

    @Sendable func capacity(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await capacityPage(request, context, problem: nil)
    }

    /// The page; `problem` says why the change was refused (changed meanwhile, or a number out of range).
    func capacityPage(_ request: Request, _ context: PortalRequestContext, problem: String?, status: Int = 200,
                      typed: Form? = nil) async throws -> Response {
        let (session, contact) = try portal.requireContact(context, .provider)
        let t = Labels.table(context.language)
        let (provider, etag) = try await portal.intake.getVersioned("/v1/providers/\(contact.partyID.lowercased)", as: IntakeProvider.self,
                                                                    session: session)
        var sections = [Section(heading: t["navMyCapacity"]!, id: "capacity", facts: [
            Fact(label: t["capacity"]!, value: Format.number(provider.capacity)),
            Fact(label: t["inUse"]!, value: Format.number(provider.activeAssignments ?? 0)),
            Fact(label: t["load"]!, value: provider.load.map(Format.percent) ?? "—")],
            forms: [FormSpec(action: "/my/capacity", fields: [
                .init(name: "version", label: "", kind: .hidden, value: etag ?? "*"),
                .init(name: "capacity", label: t["capacity"]!, kind: .number, value: typed?["capacity"] ?? String(provider.capacity),
                      required: true, help: t["myCapacityHelp"])],
                submit: t["save"]!)])]
        let record = provider.record
        let count = { (value: Int?) in Format.number(value ?? 0) }
        sections.append(Section(heading: t["record"]!, id: "record", note: t["myRecordNote"], facts: [
            Fact(label: t["proposals"]!, value: count(record?.proposals)), Fact(label: t["acceptedCount"]!, value: count(record?.accepted)),
            Fact(label: t["declined"]!, value: count(record?.declined)), Fact(label: t["expired"]!, value: count(record?.expired)),
            Fact(label: t["kpiAssigned"]!, value: count(record?.assignments)), Fact(label: t["kpiCompleted"]!, value: count(record?.completed)),
            Fact(label: t["withdrawnCount"]!, value: count(record?.withdrawn)),
            Fact(label: t["completionRate"]!, value: record?.completionRate.map(Format.percent) ?? "—"),
            Fact(label: t["meanRating"]!, value: record?.meanRating.map { Format.decimal($0, decimals: 2) + " (\(count(record?.rated)))" } ?? "—"),
            Fact(label: t["kpiObtained"]!, value: count(record?.certificatesObtained))]))
        return await portal.render(sectionsPage(title: "navMyCapacity", heading: provider.name, sections: sections, status: status,
                                                problem: problem),
                                   request, context)
    }

    @Sendable func change(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context, limit: 16 * 1024)
        let (_, contact) = try portal.requireContact(context, .provider)
        let t = Labels.table(context.language)
        let body: [String: Int] = ["capacity": Int(form.text("capacity") ?? "") ?? -1]
        if case .failure(let problem) = try await IntakeClient.outcome(showing: [412, 422], { () async throws(IntakeProblem) in
            try await portal.intake.send(.PATCH, "/v1/providers/\(contact.partyID.lowercased)", json: body, ifMatch: form["version"] ?? "*",
                                         contentType: "application/merge-patch+json", session: session)
        }) {
            let message = problem.status == 412 ? t["changedMeanwhile"]! : (problem.detail ?? problem.title)
            return try await capacityPage(request, context, problem: message, status: problem.status, typed: form)
        }
        return portal.redirect("/my/capacity", notice: "saved")
    }
}
