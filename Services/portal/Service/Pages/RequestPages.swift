import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// Requests: the list with filters, search, one request with its enterprise, proposals and timeline,
/// and the officer's actions on it; a certificate and its step report.
struct RequestPages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/requests", use: list)
        group.get("/requests/:id", use: detail)
        group.post("/requests/:id/:action", use: act)
        group.post("/proposals/:id/withdrawal", use: withdrawProposal)
        group.get("/search", use: search)
        group.get("/certificates/:id", use: certificate)
        group.post("/certificates/:id/steps", use: reportStep)
    }

    static func id(_ context: PortalRequestContext) throws -> String {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw HTTPError(.notFound) }
        return id.lowercased
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.require(context, .officer)
        let t = Labels.table(context.language), names = Names(language: context.language)
        let query = request.uri.queryParameters
        let status = query["status"].map(String.init).flatMap { RequestStatus(rawValue: $0) }?.rawValue
        let province = query["provinceCode"].map(String.init).flatMap(Province.withCode)?.isoCode
        let page = try await portal.intake.get("/v1/requests", [("status", status), ("provinceCode", province), ("limit", "25"),
                                                                ("cursor", query["cursor"].map(String.init))],
                                               as: IntakePage<IntakeRequest>.self, session: session)
        let next = page.nextCursor.map { cursor in
            "/requests" + IntakeClient.queryString([("status", status), ("provinceCode", province), ("cursor", cursor)])
        }
        let filter = FormSpec(action: "/requests", method: "get", fields: [
            .init(name: "status", label: t["status"]!, kind: .select,
                  options: [.init(value: "", label: t["any"]!, selected: status == nil)] + RequestStatus.allCases.map {
                      .init(value: $0.rawValue, label: context.language == .th ? $0.nameTH : $0.nameEN, selected: status == $0.rawValue) }),
            .init(name: "provinceCode", label: t["province"]!, kind: .select, options: names.provinceOptions(selected: province, all: t["any"]!))],
            submit: t["filter"]!, inline: true)
        var table = RequestRows(language: context.language).table(page, caption: t["navRequests"]!, empty: t["noneFound"]!, next: nil,
                                                                  actions: { _ in [] })
        table.next = next
        return await portal.render(sectionsPage(title: "navRequests", heading: t["navRequests"]!, sections: [
            Section(heading: t["filter"]!, id: "filter", forms: [filter]), Section(heading: t["results"]!, id: "results", table: table)]),
            request, context)
    }

    @Sendable func detail(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await detailPage(request, context, id: try Self.id(context), problem: nil)
    }

    /// The request `id` (a lowercased UUID) with its sections; `problem` is intake's refusal of the
    /// action just tried, shown above them (a 409 with the current state).
    func detailPage(_ request: Request, _ context: PortalRequestContext, id: String, problem: IntakeProblem?) async throws -> Response {
        let (session, _) = try portal.require(context, .officer)
        let language = context.language
        let t = Labels.table(language), names = Names(language: language)
        async let proposalsCall = portal.intake.get("/v1/proposals", [("requestId", id), ("limit", "50")],
                                                    as: IntakePage<IntakeProposal>.self, session: session)
        let item = try await portal.intake.get("/v1/requests/\(id)", as: IntakeRequest.self, session: session)
        async let enterpriseCall = portal.intake.get("/v1/enterprises/\(item.enterpriseId.lowercased)",
                                                     as: IntakeEnterprise.self, session: session)
        let status = RequestStatus(rawValue: item.status)
        let manual: Set<RequestStatus> = [.matching, .proposed, .unmatched, .waitlisted, .accepted]
        async let providersCall: IntakePage<IntakeProvider>? = status.map { manual.contains($0) } == true
            ? try? portal.intake.get("/v1/providers", [("qualified", "true"), ("region", Province.withCode(item.provinceCode)?.region.rawValue),
                                                       ("limit", "100")],
                                     as: IntakePage<IntakeProvider>.self, session: session) : nil
        let proposals = try await proposalsCall
        let enterprise = try? await enterpriseCall
        let providers = await providersCall

        var facts = [
            Fact(label: t["reference"]!, value: item.reference),
            Fact(label: t["status"]!, value: language == .th ? item.statusNameTH : item.statusNameEN),
            Fact(label: t["enterprise"]!, value: enterprise?.name ?? item.enterpriseName ?? "—", href: "/enterprises/\(item.enterpriseId.lowercased)"),
            Fact(label: t["product"]!, value: "\(item.productName) (\(names.productType(item.productType)))"),
            Fact(label: t["serviceAreas"]!, value: names.list(item.serviceAreas, names.serviceArea)),
            Fact(label: t["targetStandard"]!, value: item.targetStandard.map { names.standard($0) } ?? "—"),
            Fact(label: t["province"]!, value: names.province(item.provinceCode)),
            Fact(label: t["fiscalYear"]!, value: Format.fiscalYear(item.fiscalYear, language)),
            Fact(label: t["submittedAt"]!, value: Format.dateTime(item.submittedAt, language)),
            Fact(label: t["needs"]!, value: item.description)]
        if let provider = item.provider {
            facts.append(Fact(label: t["provider"]!, value: provider.name, href: "/providers/\(provider.id.lowercased)"))
        }
        if let waiting = item.waiting {
            facts.append(Fact(label: t["reason"]!, value: (language == .th ? waiting.reasonTH : waiting.reasonEN) ?? waiting.reason))
        }
        var forms: [FormSpec] = []
        let path = "/requests/\(id)"
        if status == .awaitingScreening { forms.append(ScreeningForm.inline(request: item.id, t: t)) }
        if let providers, !providers.items.isEmpty {
            forms.append(FormSpec(action: path + "/assignment", heading: t["assignByHand"], fields: [
                .init(name: "providerId", label: t["provider"]!, kind: .select, options: providers.items.map {
                    .init(value: $0.id.lowercased,
                          label: $0.name + " (\(Format.number($0.activeAssignments ?? 0))/\(Format.number($0.capacity)))") }, required: true),
                .init(name: "reason", label: t["reason"]!, kind: .textarea, required: true)], submit: t["assign"]!))
        }
        if status == .assigned || status == .workReported {
            forms.append(FormSpec(action: path + "/assignment-withdrawal", heading: t["withdrawAssignment"], fields: [
                .init(name: "reason", label: t["reason"]!, kind: .textarea, required: true),
                .init(name: "rematch", label: t["rematch"]!, kind: .checkbox, value: "true", checked: true)],
                submit: t["withdrawAssignment"]!, danger: true))
        }
        if status == .workReported {
            forms.append(FormSpec(action: path + "/completion", heading: t["confirmOnBehalf"], fields: [
                .init(name: "reason", label: t["reasonConfirm"]!, kind: .textarea, required: true)], submit: t["confirmOnBehalf"]!))
        }
        if let status, ![.completed, .withdrawn, .notEligible].contains(status) {
            forms.append(FormSpec(action: path + "/withdrawal", heading: t["withdrawRequest"], fields: [
                .init(name: "reason", label: t["reason"]!, kind: .textarea, required: true)], submit: t["withdrawRequest"]!, danger: true))
        }
        let known = Dictionary((providers?.items ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let proposalTable = ProposalRows(language: language).table(proposals, caption: t["proposals"]!, empty: t["noProposals"]!, withRequest: false,
                                                                   providerNames: known, actions: { proposal in
            proposal.status == "pending" || proposal.status == "accepted" ? [WithdrawProposalForm.inline(proposal: proposal, t: t)] : []
        })
        let timeline = (item.timeline ?? []).reversed().map { entry -> [Table.Cell] in
            [.init(text: Format.dateTime(entry.at, language)), .init(text: Labels.event(entry.type, language)),
             .init(text: entry.source.replacingOccurrences(of: "/otop/", with: "")),
             .init(text: entry.summary.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: " · "))]
        }
        var sections = [Section(heading: t["requestDetails"]!, id: "details", facts: facts)]
        if !forms.isEmpty { sections.append(Section(heading: t["actions"]!, id: "actions", forms: forms)) }
        sections.append(Section(heading: t["proposals"]!, id: "proposals", table: proposalTable))
        sections.append(Section(heading: t["timeline"]!, id: "timeline",
                                table: Table(caption: t["timeline"]!, columns: [t["when"]!, t["what"]!, t["by"]!, t["details"]!], rows: timeline,
                                             empty: t["noneFound"]!)))
        let message = problem.map { problem in
            (problem.detail ?? problem.title) + (problem.currentState.map { " — \(t["currentState"]!): \($0)" } ?? "")
        }
        return await portal.render(sectionsPage(title: "requestTitle", heading: "\(t["requestTitle"]!) \(item.reference)", sections: sections,
                                                status: problem?.status ?? 200, problem: message), request, context)
    }

    /// The officer's actions on a request: screening, manual assignment, withdrawing the assignment,
    /// confirming the work on the enterprise's behalf (A5), withdrawing the request.
    @Sendable func act(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        guard session.account?.role == .officer else { throw HTTPError(.forbidden) }
        let id = try Self.id(context)
        let key = Portal.idempotencyKey(form)
        let reason = form.text("reason")
        do {
            switch context.parameters.get("action") {
            case "screening":
                let eligible = form["eligible"] != "false"
                var body: [String: AnyEncodable] = ["eligible": .init(eligible)]
                if let reason, !eligible { body["reason"] = .init(reason) }
                _ = try await portal.intake.send(.POST, "/v1/requests/\(id)/screening", json: body, idempotencyKey: key, session: session)
            case "assignment":
                _ = try await portal.intake.send(.POST, "/v1/requests/\(id)/assignment",
                                                 json: ["providerId": form["providerId"] ?? "", "reason": reason ?? ""], idempotencyKey: key, session: session)
            case "assignment-withdrawal":
                let body: [String: AnyEncodable] = ["reason": .init(reason ?? ""), "rematch": .init(form["rematch"] == "true")]
                _ = try await portal.intake.send(.POST, "/v1/requests/\(id)/assignment/withdrawal", json: body, idempotencyKey: key, session: session)
            case "completion":
                _ = try await portal.intake.send(.POST, "/v1/requests/\(id)/completion", json: ["reason": reason ?? ""], idempotencyKey: key,
                                                 session: session)
            case "withdrawal":
                _ = try await portal.intake.send(.POST, "/v1/requests/\(id)/withdrawal", json: ["reason": reason ?? ""], idempotencyKey: key,
                                                 session: session)
            default:
                throw HTTPError(.notFound)
            }
        } catch let problem as IntakeProblem where problem.status == 409 || problem.status == 422 || problem.status == 403 {
            return try await detailPage(request, context, id: id, problem: problem)
        }
        portal.queues.forget(session.id)
        let back = request.headers[.referer].flatMap { URL(string: $0)?.path }.map { SignInPages.safeNext($0) } ?? "/requests/\(id)"
        return portal.redirect(back, notice: "sent")
    }

    @Sendable func withdrawProposal(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        let id = try Self.id(context)
        let requestID = form["request"].flatMap(UUID.init(uuidString:))?.lowercased
        // (A `catch where` that rethrows the rest of a typed-throws call crashes the 6.3 compiler's SIL cleanup.)
        let refusal: IntakeProblem
        do {
            _ = try await portal.intake.send(.POST, "/v1/proposals/\(id)/withdrawal", json: ["reason": form.text("reason") ?? ""],
                                             idempotencyKey: Portal.idempotencyKey(form), session: session)
            return portal.redirect(requestID.map { "/requests/\($0)" } ?? "/queues", notice: "sent")
        } catch {
            refusal = error
        }
        guard let requestID, refusal.status == 409 || refusal.status == 422 else { throw refusal }
        return try await detailPage(request, context, id: requestID, problem: refusal)
    }

    /// Search by a Thai name fragment, a reference, a registration number or a phone (A2); a query
    /// that is exactly one request's reference opens it.
    @Sendable func search(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.require(context, .officer)
        let t = Labels.table(context.language)
        let q = (request.uri.queryParameters["q"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
        guard q.count >= 2 else {
            return await portal.render(sectionsPage(title: "searchTitle", heading: t["searchTitle"]!, intro: t["searchTooShort"], sections: []),
                                       request, context)
        }
        async let requests = portal.intake.get("/v1/requests", [("q", q), ("limit", "20")], as: IntakePage<IntakeRequest>.self, session: session)
        async let enterprises = portal.intake.get("/v1/enterprises", [("q", q), ("limit", "20")], as: IntakePage<IntakeEnterprise>.self, session: session)
        async let providers = portal.intake.get("/v1/providers", [("q", q), ("limit", "20")], as: IntakePage<IntakeProvider>.self, session: session)
        let found = try await requests
        if let only = found.items.first, found.items.count == 1, only.reference.lowercased() == q.lowercased() {
            return portal.redirect("/requests/\(only.id.lowercased)")
        }
        let names = Names(language: context.language)
        let enterpriseRows = try await enterprises.items.map { enterprise -> [Table.Cell] in
            [.init(text: enterprise.name, href: "/enterprises/\(enterprise.id.lowercased)"),
             .init(text: names.province(enterprise.provinceCode)), .init(text: enterprise.registrationNumber ?? "—")]
        }
        let sections = [
            Section(heading: t["navRequests"]!, id: "requests", table: RequestRows(language: context.language).table(
                found, caption: t["navRequests"]!, empty: t["noneFound"]!, next: nil, actions: { _ in [] })),
            Section(heading: t["navEnterprises"]!, id: "enterprises", table: Table(
                caption: t["navEnterprises"]!, columns: [t["name"]!, t["province"]!, t["registrationNumber"]!], rows: enterpriseRows,
                empty: t["noneFound"]!)),
            Section(heading: t["navProviders"]!, id: "providers", table: ProviderRows(language: context.language).table(
                try await providers, caption: t["navProviders"]!, empty: t["noneFound"]!, next: nil))]
        return await portal.render(sectionsPage(title: "searchTitle", heading: "\(t["searchTitle"]!): \(q)", sections: sections), request, context)
    }

    @Sendable func certificate(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await certificatePage(request, context, problem: nil)
    }

    /// A certificate with its step report; `problem` is intake's refusal of the step just reported.
    func certificatePage(_ request: Request, _ context: PortalRequestContext, problem: IntakeProblem?) async throws -> Response {
        let (session, _) = try portal.require(context, .officer)
        let id = try Self.id(context)
        let t = Labels.table(context.language), names = Names(language: context.language)
        let certificate = try await portal.intake.get("/v1/certificates/\(id)", as: IntakeCertificate.self, session: session)
        let steps = ["gapAnalysis", "applied", "documentReview", "siteInspection", "labTesting", "committee", "certified", "surveillance",
                     "suspended", "cancelled", "rejected"]
        let sections = [
            Section(heading: t["certificateDetails"]!, id: "details", facts: [
                Fact(label: t["standard"]!, value: names.standard(certificate.standard)),
                Fact(label: t["enterprise"]!, value: certificate.enterpriseName ?? t["enterprise"]!,
                     href: "/enterprises/\(certificate.enterpriseId.lowercased)"),
                Fact(label: t["product"]!, value: certificate.productName ?? "—"),
                Fact(label: t["state"]!, value: context.language == .th ? certificate.stateNameTH : certificate.stateNameEN),
                Fact(label: t["number"]!, value: certificate.number ?? "—"),
                Fact(label: t["validFrom"]!, value: Format.day(certificate.validFrom, context.language) ?? "—"),
                Fact(label: t["validUntil"]!, value: Format.day(certificate.validUntil, context.language) ?? "—")]),
            Section(heading: t["reportStep"]!, id: "report", forms: [FormSpec(action: "/certificates/\(id)/steps", fields: [
                .init(name: "step", label: t["step"]!, kind: .select, options: steps.map { .init(value: $0, label: Labels.step($0, context.language)) }),
                .init(name: "number", label: t["number"]!), .init(name: "validFrom", label: t["validFrom"]!, kind: .date),
                .init(name: "validUntil", label: t["validUntil"]!, kind: .date), .init(name: "reason", label: t["reason"]!)],
                submit: t["reportStep"]!)])]
        return await portal.render(sectionsPage(title: "certificateDetails", heading: names.standard(certificate.standard), sections: sections,
                                                status: problem?.status ?? 200, problem: problem.map { $0.detail ?? $0.title }),
                                   request, context)
    }

    @Sendable func reportStep(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        let id = try Self.id(context)
        var body: [String: String] = ["step": form["step"] ?? ""]
        for name in ["number", "validFrom", "validUntil", "reason"] { if let value = form.text(name) { body[name] = value } }
        // A step the certificate's state does not allow (409) or a bad field (422) is shown on its page.
        if case .failure(let problem) = try await IntakeClient.outcome(showing: [409, 422], { () async throws(IntakeProblem) in
            try await portal.intake.send(.POST, "/v1/certificates/\(id)/steps", json: body, idempotencyKey: Portal.idempotencyKey(form),
                                         session: session)
        }) {
            return try await certificatePage(request, context, problem: problem)
        }
        return portal.redirect("/certificates/\(id)", notice: "sent")
    }
}

/// Any encodable value, for JSON bodies mixing types.
struct AnyEncodable: Encodable, Sendable {
    let encode: @Sendable (any Encoder) throws -> Void

    init<Value: Encodable & Sendable>(_ value: Value) {
        encode = { encoder in try value.encode(to: encoder) }
    }

    func encode(to encoder: any Encoder) throws {
        try encode(encoder)
    }
}
