import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// A provider's assigned work (`/my/work`: the requests whose hand-off it holds) and one piece of it
/// (`/my/work/{requestId}`, the link of the assigned-provider message): the hand-off — the enterprise's
/// name, address and product, its contact persons with their phones as `tel:` links — then "report
/// the work" and "report a certification step" for the enterprise.
struct ProviderWorkPages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/my/work", use: list)
        group.get("/my/work/:id", use: work)
        group.post("/my/work/:id/report", use: report)
        group.post("/my/work/:id/steps", use: reportStep)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.requireContact(context, .provider)
        let t = Labels.table(context.language), names = Names(language: context.language)
        let cursor = request.uri.queryParameters["cursor"].map(String.init)
        let page = try await portal.intake.get("/v1/requests", [("limit", "50"), ("cursor", cursor)], as: IntakePage<IntakeRequest>.self,
                                               session: session)
        let rows = page.items.map { work -> [Table.Cell] in
            [.init(text: work.reference, href: "/my/work/\(work.id.lowercased)"), .init(text: work.enterpriseName ?? "—"),
             .init(text: work.productName), .init(text: names.province(work.provinceCode)),
             .init(text: context.language == .th ? work.statusNameTH : work.statusNameEN)]
        }
        let table = Table(caption: t["navMyWork"]!, columns: [t["reference"]!, t["enterprise"]!, t["product"]!, t["province"]!, t["status"]!],
                          rows: rows, empty: t["myNoWork"]!, next: page.nextCursor.map { "/my/work?cursor=\($0)" })
        return await portal.render(sectionsPage(title: "navMyWork", heading: t["navMyWork"]!, intro: t["myWorkIntro"],
                                                sections: [Section(heading: t["navMyWork"]!, id: "work", table: table)]),
                                   request, context)
    }

    @Sendable func work(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await workPage(request, context, problem: nil)
    }

    /// The hand-off page; `problem` is intake's refusal of the report just sent, shown above it.
    func workPage(_ request: Request, _ context: PortalRequestContext, problem: IntakeProblem?, typed: Form? = nil) async throws -> Response {
        let (session, _) = try portal.requireContact(context, .provider)
        let id = try RequestPages.id(context)
        let t = Labels.table(context.language), language = context.language, names = Names(language: language)
        // Intake answers 404 for a request whose hand-off this provider does not hold: "not found, or not yours".
        let work = try await portal.intake.get("/v1/requests/\(id)", as: IntakeRequest.self, session: session)
        let enterpriseID = work.enterpriseId.lowercased
        async let enterprise = portal.intake.get("/v1/enterprises/\(enterpriseID)", as: IntakeEnterprise.self, session: session)
        async let contacts = portal.intake.get("/v1/contacts/\(enterpriseID)", as: IntakeContacts.self, session: session)
        async let certificates = portal.intake.get("/v1/certificates", [("enterpriseId", enterpriseID), ("limit", "20")],
                                                   as: IntakePage<IntakeCertificate>.self, session: session)
        let party = try await enterprise
        let address = [party.subdistrict, party.district, names.province(party.provinceCode)].compactMap { $0 }.joined(separator: " ")
        var sections = [
            Section(heading: t["enterprise"]!, id: "enterprise", facts: [
                Fact(label: t["name"]!, value: party.name), Fact(label: t["address"]!, value: address),
                Fact(label: t["product"]!, value: "\(work.productName) (\(names.productType(work.productType)))")]),
        ]
        let people = try await contacts.contacts.map { person -> [Table.Cell] in
            [.init(text: person.name), .init(text: person.role ?? "—"),
             .init(text: person.phone.map(Format.phone) ?? "—", href: person.phone.map(Self.telephone)),
             .init(text: person.email ?? "—", href: person.email.map { "mailto:\($0)" })]
        }
        sections.append(Section(heading: t["contacts"]!, id: "contacts", note: t["myWorkCallNote"], table: Table(
            caption: t["contacts"]!, columns: [t["name"]!, t["contactRole"]!, t["phone"]!, t["email"]!], rows: people, empty: t["noneFound"]!)))
        sections.append(Section(heading: t["requestDetails"]!, id: "request", facts: [
            Fact(label: t["reference"]!, value: work.reference),
            Fact(label: t["status"]!, value: language == .th ? work.statusNameTH : work.statusNameEN),
            Fact(label: t["serviceAreas"]!, value: names.list(work.serviceAreas, names.serviceArea)),
            Fact(label: t["targetStandard"]!, value: work.targetStandard.map(names.standard) ?? "—"),
            Fact(label: t["needs"]!, value: work.description)]))
        if work.status == "assigned" {
            let standards = [FormSpec.Field.Option(value: "", label: "—")]
                + StandardCode.allCases.map { .init(value: $0.rawValue, label: names.standard($0.rawValue), selected: $0.rawValue == work.targetStandard) }
            sections.append(Section(heading: t["reportWork"]!, id: "report", note: t["reportWorkNote"], forms: [
                FormSpec(action: "/my/work/\(id)/report", fields: [
                    .init(name: "summary", label: t["workSummary"]!, kind: .textarea, value: typed?["summary"], required: true),
                    .init(name: "standardApplied", label: t["standardApplied"]!, kind: .select, options: standards)],
                         submit: t["reportWork"]!)]))
        }
        let held = try await certificates.items.map { certificate -> [Table.Cell] in
            [.init(text: names.standard(certificate.standard), href: "/my/certificates/\(certificate.id.lowercased)"),
             .init(text: language == .th ? certificate.stateNameTH : certificate.stateNameEN),
             .init(text: Format.day(certificate.validUntil, language) ?? "—")]
        }
        sections.append(Section(heading: t["certificates"]!, id: "certificates", table: Table(
            caption: t["certificates"]!, columns: [t["standard"]!, t["state"]!, t["validUntil"]!], rows: held, empty: t["noneFound"]!),
            forms: work.targetStandard == nil ? [] : [FormSpec(action: "/my/work/\(id)/steps", heading: t["reportStep"]!,
                                                               fields: ContactCertificatePages.stepFields(language, standard: work.targetStandard),
                                                               submit: t["reportStep"]!)]))
        return await portal.render(sectionsPage(title: "navMyWork", heading: "\(party.name) · \(work.reference)", sections: sections,
                                                status: problem?.status ?? 200, problem: problem.map { $0.detail ?? $0.title }),
                                   request, context)
    }

    /// `tel:` of a stored phone (`+66812345678`), so a tap on a phone calls it.
    static func telephone(_ phone: String) -> String {
        "tel:" + phone.filter { $0.isASCII && ($0.isNumber || $0 == "+") }
    }

    @Sendable func report(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context, limit: 64 * 1024)
        _ = try portal.requireContact(context, .provider)
        let id = try RequestPages.id(context)
        var body: [String: String] = ["summary": form.text("summary") ?? ""]
        if let standard = form.text("standardApplied") { body["standardApplied"] = standard }
        if case .failure(let problem) = try await IntakeClient.outcome(showing: [409, 422], { () async throws(IntakeProblem) in
            try await portal.intake.send(.POST, "/v1/requests/\(id)/work-report", json: body, idempotencyKey: Portal.idempotencyKey(form),
                                         session: session)
        }) {
            return try await workPage(request, context, problem: problem, typed: form)
        }
        return portal.redirect("/my/work/\(id)", notice: "workReported")
    }

    /// A certification step for the request's target standard (`POST /v1/enterprises/{id}/certificate-steps`):
    /// intake names the certificate by enterprise and standard, and refuses a provider not assigned to it.
    @Sendable func reportStep(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context, limit: 64 * 1024)
        _ = try portal.requireContact(context, .provider)
        let id = try RequestPages.id(context)
        let work = try await portal.intake.get("/v1/requests/\(id)", as: IntakeRequest.self, session: session)
        var body = ContactCertificatePages.stepBody(form)
        body["standard"] = work.targetStandard ?? ""
        body["requestId"] = id
        // A standard certified per product names the request's product; one per establishment names none.
        if let standard = work.targetStandard.flatMap(StandardCode.init(rawValue:)), StandardCatalogue.default[standard].scope == .product {
            body["productName"] = work.productName
            if let product = work.productId { body["productId"] = product.lowercased }
        }
        if case .failure(let problem) = try await IntakeClient.outcome(showing: [404, 409, 422], { () async throws(IntakeProblem) in
            try await portal.intake.send(.POST, "/v1/enterprises/\(work.enterpriseId.lowercased)/certificate-steps", json: body,
                                         idempotencyKey: Portal.idempotencyKey(form), session: session)
        }) {
            return try await workPage(request, context, problem: problem)
        }
        return portal.redirect("/my/work/\(id)", notice: "sent")
    }
}
