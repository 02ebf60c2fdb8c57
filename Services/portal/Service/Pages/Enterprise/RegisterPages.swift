import Domain
import Foundation
import Hummingbird

/// Self-registration (issue 15, point 3): an enterprise new to the programme applies on `/register`,
/// with no session: its name, registration number (optional), province, district, one product, and a
/// contact person with a phone. The portal sends the application to intake as itself (role `portal`,
/// `POST /v1/enterprise-applications`, with the reader's address for intake's per-address limit); the
/// enterprise then waits, unverified, in its region's work queue until an officer verifies it. Intake's
/// 422s are shown beside their fields; the form carries a double-submit token of its own (no session
/// to hold a CSRF token) and its one-time id as the `Idempotency-Key` (a double submit applies once).
struct RegisterPages: Sendable {
    let portal: Portal
    /// The double-submit cookie of the registration form.
    static let tokenCookie = "otop_register"

    func addRoutes(to router: Router<PortalRequestContext>) {
        router.get("/register", use: form)
        router.post("/register", use: apply)
        router.get("/register/thanks", use: thanks)
    }

    @Sendable func form(_ request: Request, context: PortalRequestContext) async throws -> Response {
        await page(request, context, typed: nil, errors: [:], problem: nil, status: 200)
    }

    /// The form (with what was typed and intake's field errors), its token in a cookie and a hidden field.
    func page(_ request: Request, _ context: PortalRequestContext, typed: Form?, errors: [String: String], problem: String?,
              status: HTTPStatusCode) async -> Response {
        let t = Labels.table(context.language), names = Names(language: context.language)
        let form = FormSpec(action: "/register", fields: [
            .init(name: "name", label: t["enterpriseName"]!, value: typed?["name"], required: true, error: errors["name"],
                  autocomplete: "organization"),
            .init(name: "registrationNumber", label: t["registrationNumber"]!, value: typed?["registrationNumber"],
                  help: t["registerNumberHelp"], error: errors["registrationNumber"], autocomplete: "off"),
            .init(name: "provinceCode", label: t["province"]!, kind: .select,
                  options: names.provinceOptions(selected: typed?["provinceCode"], all: t["chooseProvince"]!), required: true,
                  error: errors["provinceCode"]),
            .init(name: "district", label: t["district"]!, value: typed?["district"], required: true, error: errors["district"]),
            .init(name: "productName", label: t["productName"]!, value: typed?["productName"], required: true,
                  help: t["registerProductHelp"], error: errors["product.name"] ?? errors["product"]),
            .init(name: "productType", label: t["productType"]!, kind: .select, options: ProductType.allCases.map {
                .init(value: $0.rawValue, label: names.productType($0.rawValue), selected: typed?["productType"] == $0.rawValue) },
                  error: errors["product.productType"]),
            .init(name: "contactName", label: t["contactName"]!, value: typed?["contactName"], required: true,
                  error: errors["contact.name"] ?? errors["contact"], autocomplete: "name"),
            .init(name: "contactPhone", label: t["phone"]!, value: typed?["contactPhone"], required: true, help: t["registerPhoneHelp"],
                  error: errors["contact.phone"], autocomplete: "tel")],
            submit: t["registerSubmit"]!)
        let token = SessionToken.random()
        let sections = [Section(heading: t["enterpriseDetails"]!, id: "application", forms: [form])]
        var layout = Layout.make(session: context.session, language: context.language, path: request.uri.path, query: nil,
                                 queueCount: nil, notice: nil)
        layout.csrf = token
        var response = portal.renderer.render(sectionsPage(title: "registerTitle", heading: t["registerTitle"]!, intro: t["registerIntro"],
                                                           sections: sections, status: status, problem: problem), layout)
        response.headers.append(.init(name: .setCookie, value: portal.cookies.cookie(Self.tokenCookie, token, context: context)))
        return response
    }

    /// The application as intake takes it (intake validates every field).
    static func application(_ form: Form, address: String) -> [String: AnyEncodable] {
        var body: [String: AnyEncodable] = [
            "name": .init(form.text("name") ?? ""), "provinceCode": .init(form["provinceCode"] ?? ""),
            "district": .init(form.text("district") ?? ""),
            "product": .init(["name": form.text("productName") ?? "", "productType": form["productType"] ?? ""]),
            "contact": .init(["name": form.text("contactName") ?? "", "phone": form.text("contactPhone") ?? ""]),
            "clientAddress": .init(address)]
        if let number = form.text("registrationNumber") { body["registrationNumber"] = .init(number) }
        return body
    }

    @Sendable func apply(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let form = try await Form.read(request, context: context, limit: 16 * 1024)
        guard let posted = form["_csrf"], let cookie = request.cookies[Self.tokenCookie]?.value, SessionToken.equal(posted, cookie) else {
            throw HTTPError(.forbidden, message: "csrf")
        }
        let t = Labels.table(context.language)
        let refusal: IntakeProblem?
        do {
            _ = try await portal.intake.sendAsPortal("/v1/enterprise-applications", json: Self.application(form, address: context.address),
                                                     idempotencyKey: Portal.idempotencyKey(form), language: context.language)
            refusal = nil
        } catch {
            refusal = error
        }
        // A field or the rate limit is the reader's to fix on this page; anything else is an error page.
        if let refusal, ![409, 422, 429].contains(refusal.status) { throw refusal }
        switch refusal?.status {
        case 409?, 422?:
            return await page(request, context, typed: form, errors: refusal?.fieldMessages ?? [:], problem: t["registerFix"],
                              status: refusal?.status ?? 422)
        case 429?:
            let seconds = max(1, refusal?.retryAfter ?? 3600)
            var response = await page(request, context, typed: form, errors: [:],
                                      problem: t["registerTooMany"]!.replacingOccurrences(of: "{minutes}", with: Format.number((seconds + 59) / 60)),
                                      status: 429)
            response.headers[.retryAfter] = String(seconds)
            return response
        default:
            break
        }
        // Ids only in the log (intake logs the enterprise's): never the name, phone or address typed.
        var response = portal.redirect("/register/thanks")
        response.headers.append(.init(name: .setCookie, value: portal.cookies.cookie(Self.tokenCookie, "", context: context, maxAge: 0)))
        return response
    }

    @Sendable func thanks(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let t = Labels.table(context.language)
        return await portal.render(sectionsPage(title: "registerThanksTitle", heading: t["registerThanksTitle"]!, sections: [
            Section(heading: t["registerNextHeading"]!, id: "next", note: t["registerThanks"],
                    links: [Link(text: t["registerSignIn"]!, href: "/sign-in?tab=contact")])]), request, context)
    }
}
