import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// A certificate as its enterprise or the provider of its request sees it (`/my/certificates/{id}`,
/// the link of every certificate message): standard, product, state, number and validity; the
/// provider also reports the next certification step on it (intake allows the provider assigned).
struct ContactCertificatePages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/my/certificates/:id", use: certificate)
        group.post("/my/certificates/:id/steps", use: reportStep)
    }

    @Sendable func certificate(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await certificatePage(request, context, problem: nil)
    }

    func certificatePage(_ request: Request, _ context: PortalRequestContext, problem: IntakeProblem?) async throws -> Response {
        let (session, contact) = try portal.requireContact(context, .enterprise, .provider)
        let id = try RequestPages.id(context)
        let t = Labels.table(context.language), language = context.language, names = Names(language: language)
        let certificate = try await portal.intake.get("/v1/certificates/\(id)", as: IntakeCertificate.self, session: session)
        var sections = [Section(heading: t["certificateDetails"]!, id: "details", facts: [
            Fact(label: t["standard"]!, value: names.standard(certificate.standard)),
            Fact(label: t["enterprise"]!, value: certificate.enterpriseName ?? "—"),
            Fact(label: t["product"]!, value: certificate.productName ?? "—"),
            Fact(label: t["state"]!, value: language == .th ? certificate.stateNameTH : certificate.stateNameEN),
            Fact(label: t["number"]!, value: certificate.number ?? "—"),
            Fact(label: t["validFrom"]!, value: Format.day(certificate.validFrom, language) ?? "—"),
            Fact(label: t["validUntil"]!, value: Format.day(certificate.validUntil, language) ?? "—")])]
        if contact.party == .provider {
            sections.append(Section(heading: t["reportStep"]!, id: "report", forms: [
                FormSpec(action: "/my/certificates/\(id)/steps", fields: Self.stepFields(language, standard: certificate.standard),
                         submit: t["reportStep"]!)]))
        }
        return await portal.render(sectionsPage(title: "certificateDetails", heading: names.standard(certificate.standard), sections: sections,
                                                status: problem?.status ?? 200, problem: problem.map { $0.detail ?? $0.title }),
                                   request, context)
    }

    /// The fields of a provider's step report: the review steps of `standard` (every one when unknown),
    /// the decision, surveillance where the standard has it (suspension and cancellation are officers').
    static func stepFields(_ language: Language, standard: String?) -> [FormSpec.Field] {
        let t = Labels.table(language)
        let definition = standard.flatMap(StandardCode.init(rawValue:)).map { StandardCatalogue.default[$0] }
        var steps = definition.map { $0.steps.map(\.rawValue) }
            ?? ["gapAnalysis", "applied", "documentReview", "siteInspection", "labTesting", "committee"]
        steps += ["certified"] + (definition?.hasSurveillance ?? true ? ["surveillance"] : []) + ["rejected"]
        return [.init(name: "step", label: t["step"]!, kind: .select, options: steps.map { .init(value: $0, label: Labels.step($0, language)) }),
                .init(name: "number", label: t["number"]!, help: t["certifiedOnlyHelp"]),
                .init(name: "validFrom", label: t["validFrom"]!, kind: .date), .init(name: "validUntil", label: t["validUntil"]!, kind: .date),
                .init(name: "reason", label: t["reason"]!)]
    }

    /// The step report's optional fields as intake's body takes them.
    static func stepBody(_ form: Form) -> [String: String] {
        var body: [String: String] = ["step": form["step"] ?? ""]
        for name in ["number", "validFrom", "validUntil", "reason"] { if let value = form.text(name) { body[name] = value } }
        return body
    }

    @Sendable func reportStep(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context, limit: 64 * 1024)
        _ = try portal.requireContact(context, .provider)
        let id = try RequestPages.id(context)
        let body = Self.stepBody(form)
        if case .failure(let problem) = try await IntakeClient.outcome(showing: [409, 422], { () async throws(IntakeProblem) in
            try await portal.intake.send(.POST, "/v1/certificates/\(id)/steps", json: body, idempotencyKey: Portal.idempotencyKey(form),
                                         session: session)
        }) {
            return try await certificatePage(request, context, problem: problem)
        }
        return portal.redirect("/my/certificates/\(id)", notice: "sent")
    }
}
