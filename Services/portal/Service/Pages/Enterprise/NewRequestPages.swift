import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// A new request of the enterprise (`/my/requests/new`; issue 15, point 3): one of the enterprise's
/// products, the service areas the coupon should pay for (Domain's six, each with a line saying what it
/// covers), the standard aimed at (Domain's standard catalogue: name and issuer) and the needs in the
/// enterprise's words, sent as `POST /v1/requests`; intake's 422 shows beside each field with what was
/// typed kept. Then the new request's page.
struct NewRequestPages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/my/requests/new", use: show)
        group.post("/my/requests/new", use: submit)
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await page(request, context, typed: nil, errors: [:], status: 200)
    }

    func page(_ request: Request, _ context: PortalRequestContext, typed: Form?, errors: [String: String], status: Int) async throws -> Response {
        let (session, contact) = try portal.requireContact(context, .enterprise)
        let language = context.language
        let t = Labels.table(language), names = Names(language: language)
        let enterprise = try await portal.intake.get("/v1/enterprises/\(contact.partyID.lowercased)", as: IntakeEnterprise.self,
                                                     session: session)
        let products = enterprise.products.map { product in
            FormSpec.Field.Option(value: product.id.lowercased, label: "\(product.name) (\(names.productType(product.productType)))",
                                  selected: typed?["productId"] == product.id.lowercased)
        }
        let chosen = Set(typed?.all("serviceAreas") ?? [])
        let areas = ServiceArea.allCases.map { area in
            FormSpec.Field.Option(value: area.rawValue, label: "\(names.serviceArea(area.rawValue)): \(t["areaHelp_\(area.rawValue)"]!)",
                                  selected: chosen.contains(area.rawValue))
        }
        let standards = [FormSpec.Field.Option(value: "", label: t["noStandard"]!)] + StandardCode.allCases.map { code in
            let definition = StandardCatalogue.default[code]
            let issuer = language == .th ? definition.issuerTH : definition.issuerEN
            return FormSpec.Field.Option(value: code.rawValue, label: "\(names.standard(code.rawValue)) (\(issuer))",
                                         selected: typed?["targetStandard"] == code.rawValue)
        }
        let form = FormSpec(action: "/my/requests/new", fields: [
            .init(name: "productId", label: t["product"]!, kind: .select, options: products, required: true, help: t["newRequestProductHelp"],
                  error: errors["productId"]),
            .init(name: "serviceAreas", label: t["serviceAreas"]!, kind: .checkboxes, options: areas, required: true,
                  help: t["newRequestAreasHelp"], error: errors["serviceAreas"]),
            .init(name: "targetStandard", label: t["standard"]!, kind: .select, options: standards, help: t["newRequestStandardHelp"],
                  error: errors["targetStandard"]),
            .init(name: "description", label: t["needs"]!, kind: .textarea, value: typed?["description"], required: true,
                  help: t["newRequestNeedsHelp"], error: errors["description"])],
                            submit: t["newRequestSubmit"]!)
        return await portal.render(sectionsPage(title: "newRequestTitle", heading: t["newRequestTitle"]!, intro: t["newRequestIntro"],
                                                sections: [Section(heading: t["newRequestTitle"]!, id: "new", forms: [form])],
                                                status: status, problem: errors.isEmpty ? nil : t["registerFix"]),
                                   request, context)
    }

    /// Sends the request; intake's 422 (a product not the enterprise's, no service area, needs too
    /// long) shows beside its fields.
    @Sendable func submit(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context, limit: 64 * 1024)
        _ = try portal.requireContact(context, .enterprise)
        let body = Body(productId: form.text("productId"), serviceAreas: form.all("serviceAreas"), targetStandard: form.text("targetStandard"),
                        description: form.text("description") ?? "")
        switch try await IntakeClient.outcome(showing: [422], { () async throws(IntakeProblem) in
            try await portal.intake.send(.POST, "/v1/requests", json: body, idempotencyKey: Portal.idempotencyKey(form), session: session)
        }) {
        case .failure(let problem):
            return try await page(request, context, typed: form, errors: problem.fieldMessages, status: 422)
        case .success(let answer):
            let created = try? answer.decode(IntakeCommandAnswer.self)
            guard let id = created?.id else { return portal.redirect("/my/requests", notice: "requestSubmitted") }
            return portal.redirect("/my/requests/\(id)", notice: "requestSubmitted")
        }
    }

    /// `POST /v1/requests`' body (absent members left out).
    struct Body: Encodable {
        var productId: String?
        var serviceAreas: [String]
        var targetStandard: String?
        var description: String
    }
}
