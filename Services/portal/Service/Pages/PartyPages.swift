import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// Enterprises and providers: lists, details (with contacts, requests, certificates, record),
/// registration, editing with `If-Match` (a 412 shows what someone else changed).
struct PartyPages: Sendable {
    let portal: Portal

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/enterprises", use: enterprises)
        group.get("/enterprises/new", use: newEnterprise)
        group.post("/enterprises", use: registerEnterprise)
        group.get("/enterprises/:id", use: enterprise)
        group.post("/enterprises/:id/edit", use: editEnterprise)
        group.get("/providers", use: providers)
        group.get("/providers/new", use: newProvider)
        group.post("/providers", use: registerProvider)
        group.get("/providers/:id", use: provider)
        group.post("/providers/:id/edit", use: editProvider)
    }

    // MARK: Enterprises

    @Sendable func enterprises(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.require(context, .officer)
        let t = Labels.table(context.language), names = Names(language: context.language)
        let query = request.uri.queryParameters
        let province = query["provinceCode"].map(String.init).flatMap(Province.withCode)?.isoCode
        let page = try await portal.intake.get("/v1/enterprises", [("provinceCode", province), ("limit", "25"), ("cursor", query["cursor"].map(String.init))],
                                               as: IntakePage<IntakeEnterprise>.self, session: session)
        let rows = page.items.map { enterprise -> [Table.Cell] in
            [.init(text: enterprise.name, href: "/enterprises/\(enterprise.id.lowercased)"),
             .init(text: names.enterpriseKind(enterprise.kind)), .init(text: names.province(enterprise.provinceCode)),
             .init(text: enterprise.products.map(\.name).joined(separator: ", "))]
        }
        let next = page.nextCursor.map { "/enterprises?cursor=\(IntakeClient.escape($0))" + (province.map { "&provinceCode=\($0)" } ?? "") }
        return await portal.render(sectionsPage(title: "navEnterprises", heading: t["navEnterprises"]!, sections: [
            Section(heading: t["filter"]!, id: "filter", forms: [FormSpec(action: "/enterprises", method: "get", fields: [
                .init(name: "provinceCode", label: t["province"]!, kind: .select, options: names.provinceOptions(selected: province, all: t["any"]!))],
                submit: t["filter"]!, inline: true)], links: [Link(text: t["registerEnterprise"]!, href: "/enterprises/new")]),
            Section(heading: t["results"]!, id: "results", table: Table(
                caption: t["navEnterprises"]!, columns: [t["name"]!, t["kind"]!, t["province"]!, t["products"]!], rows: rows,
                empty: t["noneFound"]!, next: next))]), request, context)
    }

    func enterpriseForm(_ t: [String: String], _ names: Names, form: Form?, errors: [String: String]) -> FormSpec {
        FormSpec(action: "/enterprises", fields: [
            .init(name: "name", label: t["enterpriseName"]!, value: form?["name"], required: true, error: errors["name"]),
            .init(name: "kind", label: t["kind"]!, kind: .select, options: EnterpriseKind.allCases.map {
                .init(value: $0.rawValue, label: names.enterpriseKind($0.rawValue), selected: form?["kind"] == $0.rawValue) }),
            .init(name: "registrationNumber", label: t["registrationNumber"]!, value: form?["registrationNumber"], help: t["registrationHelp"],
                  error: errors["registrationNumber"]),
            .init(name: "provinceCode", label: t["province"]!, kind: .select, options: names.provinceOptions(selected: form?["provinceCode"], all: nil),
                  error: errors["provinceCode"]),
            .init(name: "district", label: t["district"]!, value: form?["district"], required: true, error: errors["district"]),
            .init(name: "subdistrict", label: t["subdistrict"]!, value: form?["subdistrict"]),
            .init(name: "productName", label: t["productName"]!, value: form?["productName"], required: true, error: errors["products.0.name"]),
            .init(name: "productType", label: t["productType"]!, kind: .select, options: ProductType.allCases.map {
                .init(value: $0.rawValue, label: names.productType($0.rawValue), selected: form?["productType"] == $0.rawValue) }),
            .init(name: "contactName", label: t["contactName"]!, value: form?["contactName"], required: true, error: errors["contacts.0.name"]),
            .init(name: "contactPhone", label: t["phone"]!, value: form?["contactPhone"], error: errors["contacts.0.phone"], autocomplete: "off"),
            .init(name: "contactEmail", label: t["email"]!, value: form?["contactEmail"], error: errors["contacts.0.email"], autocomplete: "off")],
            submit: t["register"]!)
    }

    @Sendable func newEnterprise(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try portal.require(context, .officer)
        let t = Labels.table(context.language)
        return await portal.render(sectionsPage(title: "registerEnterprise", heading: t["registerEnterprise"]!, sections: [
            Section(heading: t["enterpriseDetails"]!, id: "form", forms: [enterpriseForm(t, Names(language: context.language), form: nil, errors: [:])])]),
            request, context)
    }

    static func contact(_ form: Form) -> [String: String] {
        var contact = ["name": form.text("contactName") ?? ""]
        if let phone = form.text("contactPhone") { contact["phone"] = phone }
        if let email = form.text("contactEmail") { contact["email"] = email }
        return contact
    }

    @Sendable func registerEnterprise(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        var body: [String: AnyEncodable] = [
            "name": .init(form.text("name") ?? ""), "kind": .init(form["kind"] ?? ""), "provinceCode": .init(form["provinceCode"] ?? ""),
            "district": .init(form.text("district") ?? ""),
            "products": .init([["name": form.text("productName") ?? "", "productType": form["productType"] ?? ""]]),
            "contacts": .init([Self.contact(form)])]
        if let number = form.text("registrationNumber") { body["registrationNumber"] = .init(number) }
        if let subdistrict = form.text("subdistrict") { body["subdistrict"] = .init(subdistrict) }
        do {
            let answer = try await portal.intake.send(.POST, "/v1/enterprises", json: body, idempotencyKey: Portal.idempotencyKey(form), session: session)
            let created = try answer.decode(IntakeEnterprise.self)
            return portal.redirect("/enterprises/\(created.id.lowercased)", notice: "registered")
        } catch let problem as IntakeProblem where problem.status == 422 || problem.status == 409 {
            let t = Labels.table(context.language)
            return await portal.render(sectionsPage(title: "registerEnterprise", heading: t["registerEnterprise"]!, sections: [
                Section(heading: t["enterpriseDetails"]!, id: "form", forms: [enterpriseForm(t, Names(language: context.language), form: form,
                                                                                              errors: problem.fieldMessages)])],
                status: problem.status, problem: problem.detail ?? problem.title), request, context)
        }
    }

    @Sendable func enterprise(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await enterprisePage(request, context, problem: nil, typed: nil)
    }

    func enterprisePage(_ request: Request, _ context: PortalRequestContext, problem: String?, typed: Form?) async throws -> Response {
        let (session, _) = try portal.require(context, .officer)
        let id = try RequestPages.id(context)
        let language = context.language
        let t = Labels.table(language), names = Names(language: language)
        let a3 = await portal.intake.capabilities.has("/v1/requests", parameter: "enterpriseId")
        async let contactsCall = try? portal.intake.get("/v1/contacts/\(id)", as: IntakeContacts.self, session: session)
        async let certificatesCall = portal.intake.get("/v1/certificates", [("enterpriseId", id), ("limit", "50")],
                                                       as: IntakePage<IntakeCertificate>.self, session: session)
        async let requestsCall: IntakePage<IntakeRequest>? = a3
            ? try? portal.intake.get("/v1/requests", [("enterpriseId", id), ("limit", "25")], as: IntakePage<IntakeRequest>.self, session: session) : nil
        let (enterprise, etag) = try await portal.intake.getVersioned("/v1/enterprises/\(id)", as: IntakeEnterprise.self, session: session)
        let contacts = await contactsCall
        let certificates = try await certificatesCall
        let requests = await requestsCall
        let products = enterprise.products.map { product -> [Table.Cell] in
            [.init(text: product.name), .init(text: names.productType(product.productType)),
             .init(text: product.opcStars.map { "\($0) ★ (\(product.opcYear.map(String.init) ?? "—"))" } ?? "—")]
        }
        let people = (contacts?.contacts ?? []).map { person -> [Table.Cell] in
            [.init(text: person.name), .init(text: person.role ?? "—"), .init(text: person.phone.map(Format.phone) ?? "—"), .init(text: person.email ?? "—")]
        }
        var sections = [
            Section(heading: t["enterpriseDetails"]!, id: "details", facts: [
                Fact(label: t["name"]!, value: enterprise.name), Fact(label: t["kind"]!, value: names.enterpriseKind(enterprise.kind)),
                Fact(label: t["registrationNumber"]!, value: enterprise.registrationNumber ?? "—"),
                Fact(label: t["province"]!, value: names.province(enterprise.provinceCode)),
                Fact(label: t["district"]!, value: enterprise.district + (enterprise.subdistrict.map { " / \($0)" } ?? "")),
                Fact(label: t["region"]!, value: names.region(enterprise.region)),
                Fact(label: t["registeredAt"]!, value: Format.date(enterprise.registeredAt, language))]),
            Section(heading: t["products"]!, id: "products", table: Table(caption: t["products"]!, columns: [t["name"]!, t["productType"]!, t["opcStars"]!],
                                                                          rows: products, empty: t["noneFound"]!)),
            Section(heading: t["contacts"]!, id: "contacts", table: Table(caption: t["contacts"]!, columns: [t["name"]!, t["contactRole"]!, t["phone"]!, t["email"]!],
                                                                          rows: people, empty: t["noneFound"]!)),
            Section(heading: t["certificates"]!, id: "certificates", table: CertificateRows(language: language).table(
                certificates, caption: t["certificates"]!, empty: t["noneFound"]!))]
        if let requests {
            sections.append(Section(heading: t["navRequests"]!, id: "requests", table: RequestRows(language: language).table(
                requests, caption: t["navRequests"]!, empty: t["noneFound"]!, next: nil, actions: { _ in [] })))
        } else {
            sections.append(Section(heading: t["navRequests"]!, id: "requests", note: t["waitsFor"]!.replacingOccurrences(of: "{addition}", with: "A3")))
        }
        sections.append(Section(heading: t["edit"]!, id: "edit", forms: [FormSpec(action: "/enterprises/\(id)/edit", fields: [
            .init(name: "version", label: "", kind: .hidden, value: etag ?? "*"),
            .init(name: "loaded.name", label: "", kind: .hidden, value: enterprise.name),
            .init(name: "loaded.district", label: "", kind: .hidden, value: enterprise.district),
            .init(name: "name", label: t["name"]!, value: typed?["name"] ?? enterprise.name, required: true),
            .init(name: "district", label: t["district"]!, value: typed?["district"] ?? enterprise.district, required: true)],
            submit: t["save"]!)]))
        return await portal.render(sectionsPage(title: "enterpriseDetails", heading: enterprise.name, sections: sections,
                                                status: problem == nil ? 200 : 412, problem: problem), request, context)
    }

    @Sendable func editEnterprise(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        let id = try RequestPages.id(context)
        let t = Labels.table(context.language)
        if case .failure = try await IntakeClient.outcome(showing: [412], { () async throws(IntakeProblem) in
            try await portal.intake.send(.PATCH, "/v1/enterprises/\(id)", json: ["name": form.text("name") ?? "", "district": form.text("district") ?? ""],
                                         ifMatch: form["version"] ?? "*", contentType: "application/merge-patch+json", session: session)
        }) {
            let current = try await portal.intake.get("/v1/enterprises/\(id)", as: IntakeEnterprise.self, session: session)
            var changed: [String] = []
            if current.name != form["loaded.name"] { changed.append("\(t["name"]!): \(form["loaded.name"] ?? "") → \(current.name)") }
            if current.district != form["loaded.district"] { changed.append("\(t["district"]!): \(form["loaded.district"] ?? "") → \(current.district)") }
            return try await enterprisePage(request, context, problem: t["changedMeanwhile"]! + " " + changed.joined(separator: "; "), typed: form)
        }
        return portal.redirect("/enterprises/\(id)", notice: "saved")
    }

    // MARK: Providers

    @Sendable func providers(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.require(context, .officer)
        let t = Labels.table(context.language)
        let query = request.uri.queryParameters
        let qualified = query["qualified"].map(String.init).flatMap { $0 == "true" || $0 == "false" ? $0 : nil }
        let page = try await portal.intake.get("/v1/providers", [("qualified", qualified), ("limit", "25"), ("cursor", query["cursor"].map(String.init))],
                                               as: IntakePage<IntakeProvider>.self, session: session)
        var table = ProviderRows(language: context.language).table(page, caption: t["navProviders"]!, empty: t["noneFound"]!, next: nil)
        table.next = page.nextCursor.map { "/providers?cursor=\(IntakeClient.escape($0))" + (qualified.map { "&qualified=\($0)" } ?? "") }
        return await portal.render(sectionsPage(title: "navProviders", heading: t["navProviders"]!, sections: [
            Section(heading: t["filter"]!, id: "filter", forms: [FormSpec(action: "/providers", method: "get", fields: [
                .init(name: "qualified", label: t["qualified"]!, kind: .select, options: [
                    .init(value: "", label: t["any"]!, selected: qualified == nil), .init(value: "true", label: t["yes"]!, selected: qualified == "true"),
                    .init(value: "false", label: t["no"]!, selected: qualified == "false")])], submit: t["filter"]!, inline: true)],
                links: [Link(text: t["registerProvider"]!, href: "/providers/new")]),
            Section(heading: t["results"]!, id: "results", table: table)]), request, context)
    }

    func providerForm(_ t: [String: String], _ names: Names, form: Form?, errors: [String: String]) -> FormSpec {
        let areas = Set(form?.all("serviceAreas") ?? []), types = Set(form?.all("productTypes") ?? [])
        let standards = Set(form?.all("standards") ?? []), provinces = Set(form?.all("otherProvinces") ?? [])
        let regions = Set(form?.all("regions") ?? [])
        return FormSpec(action: "/providers", fields: [
            .init(name: "name", label: t["providerName"]!, value: form?["name"], required: true, error: errors["name"]),
            .init(name: "kind", label: t["kind"]!, kind: .select, options: ProviderKind.allCases.map {
                .init(value: $0.rawValue, label: names.providerKind($0.rawValue), selected: form?["kind"] == $0.rawValue) }),
            .init(name: "serviceAreas", label: t["serviceAreas"]!, kind: .checkboxes, options: ServiceArea.allCases.map {
                .init(value: $0.rawValue, label: names.serviceArea($0.rawValue), selected: areas.contains($0.rawValue)) },
                  required: true, error: errors["serviceAreas"]),
            .init(name: "productTypes", label: t["productTypes"]!, kind: .checkboxes, options: ProductType.allCases.map {
                .init(value: $0.rawValue, label: names.productType($0.rawValue), selected: types.contains($0.rawValue)) },
                  required: true, error: errors["productTypes"]),
            .init(name: "standards", label: t["standards"]!, kind: .checkboxes, options: StandardCode.allCases.map {
                .init(value: $0.rawValue, label: names.standard($0.rawValue), selected: standards.contains($0.rawValue)) },
                  error: errors["standards"]),
            .init(name: "homeProvince", label: t["homeProvince"]!, kind: .select,
                  options: names.provinceOptions(selected: form?["homeProvince"], all: nil), error: errors["provinceCodes"]),
            .init(name: "otherProvinces", label: t["otherProvinces"]!, kind: .select,
                  options: names.provinceOptions(selected: nil, all: nil).map { option in
                      var option = option
                      option.selected = provinces.contains(option.value)
                      return option
                  }, help: t["otherProvincesHelp"], multiple: true),
            .init(name: "regions", label: t["regionsServed"]!, kind: .checkboxes, options: names.regionOptions(selected: nil, all: nil).map { option in
                var option = option
                option.selected = regions.contains(option.value)
                return option
            }, error: errors["regions"]),
            .init(name: "capacity", label: t["capacity"]!, kind: .number, value: form?["capacity"] ?? "5", required: true, error: errors["capacity"]),
            .init(name: "qualified", label: t["qualifiedNow"]!, kind: .checkbox, value: "true", checked: form?["qualified"] == "true"),
            .init(name: "contactName", label: t["contactName"]!, value: form?["contactName"], required: true, error: errors["contacts.0.name"]),
            .init(name: "contactPhone", label: t["phone"]!, value: form?["contactPhone"], error: errors["contacts.0.phone"], autocomplete: "off"),
            .init(name: "contactEmail", label: t["email"]!, value: form?["contactEmail"], error: errors["contacts.0.email"], autocomplete: "off")],
            submit: t["register"]!)
    }

    @Sendable func newProvider(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try portal.require(context, .officer)
        let t = Labels.table(context.language)
        return await portal.render(sectionsPage(title: "registerProvider", heading: t["registerProvider"]!, sections: [
            Section(heading: t["providerDetails"]!, id: "form", forms: [providerForm(t, Names(language: context.language), form: nil, errors: [:])])]),
            request, context)
    }

    @Sendable func registerProvider(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        // The home province first, then the others in the list's order (intake keeps the first as home).
        let home = form.text("homeProvince")
        let provinces = (home.map { [$0] } ?? []) + form.all("otherProvinces").filter { $0 != home }
        let body: [String: AnyEncodable] = [
            "name": .init(form.text("name") ?? ""), "kind": .init(form["kind"] ?? ""), "serviceAreas": .init(form.all("serviceAreas")),
            "productTypes": .init(form.all("productTypes")), "standards": .init(form.all("standards")), "provinceCodes": .init(provinces),
            "regions": .init(form.all("regions")), "capacity": .init(Int(form.text("capacity") ?? "") ?? -1),
            "qualified": .init(form["qualified"] == "true"), "contacts": .init([Self.contact(form)])]
        do {
            let answer = try await portal.intake.send(.POST, "/v1/providers", json: body, idempotencyKey: Portal.idempotencyKey(form), session: session)
            let created = try answer.decode(IntakeProvider.self)
            return portal.redirect("/providers/\(created.id.lowercased)", notice: "registered")
        } catch let problem as IntakeProblem where problem.status == 422 || problem.status == 409 {
            let t = Labels.table(context.language)
            return await portal.render(sectionsPage(title: "registerProvider", heading: t["registerProvider"]!, sections: [
                Section(heading: t["providerDetails"]!, id: "form", forms: [providerForm(t, Names(language: context.language), form: form,
                                                                                          errors: problem.fieldMessages)])],
                status: problem.status, problem: problem.detail ?? problem.title), request, context)
        }
    }

    @Sendable func provider(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await providerPage(request, context, problem: nil, typed: nil)
    }

    func providerPage(_ request: Request, _ context: PortalRequestContext, problem: String?, typed: Form?) async throws -> Response {
        let (session, _) = try portal.require(context, .officer)
        let id = try RequestPages.id(context)
        let language = context.language
        let t = Labels.table(language), names = Names(language: language)
        let a4 = await portal.intake.capabilities.has("/v1/proposals", parameter: "providerId")
        async let contactsCall = try? portal.intake.get("/v1/contacts/\(id)", as: IntakeContacts.self, session: session)
        async let proposalsCall: IntakePage<IntakeProposal>? = a4
            ? try? portal.intake.get("/v1/proposals", [("providerId", id), ("limit", "25")], as: IntakePage<IntakeProposal>.self, session: session) : nil
        let (provider, etag) = try await portal.intake.getVersioned("/v1/providers/\(id)", as: IntakeProvider.self, session: session)
        let contacts = await contactsCall
        let proposals = await proposalsCall
        var facts = [
            Fact(label: t["name"]!, value: provider.name), Fact(label: t["kind"]!, value: names.providerKind(provider.kind)),
            Fact(label: t["serviceAreas"]!, value: names.list(provider.serviceAreas, names.serviceArea)),
            Fact(label: t["productType"]!, value: names.list(provider.productTypes, names.productType)),
            Fact(label: t["standards"]!, value: provider.standards.isEmpty ? "—" : names.list(provider.standards) { names.standard($0) }),
            Fact(label: t["serves"]!, value: provider.provinceCodes.isEmpty ? names.list(provider.regions, names.region)
                 : names.list(provider.provinceCodes, names.province)),
            Fact(label: t["capacity"]!, value: Format.number(provider.capacity)),
            Fact(label: t["qualified"]!, value: provider.qualified ? t["yes"]! : t["no"]!)]
        if let active = provider.activeAssignments { facts.append(Fact(label: t["inUse"]!, value: Format.number(active))) }
        var sections = [Section(heading: t["providerDetails"]!, id: "details", facts: facts)]
        if let record = provider.record {
            sections.append(Section(heading: t["record"]!, id: "record", facts: [
                Fact(label: t["kpiAssigned"]!, value: Format.number(record.assignments ?? 0)),
                Fact(label: t["kpiCompleted"]!, value: Format.number(record.completed ?? 0)),
                Fact(label: t["completionRate"]!, value: record.completionRate.map(Format.percent) ?? "—"),
                Fact(label: t["meanRating"]!, value: record.meanRating.map { Format.decimal($0, decimals: 2) } ?? "—"),
                Fact(label: t["declined"]!, value: Format.number(record.declined ?? 0)),
                Fact(label: t["expired"]!, value: Format.number(record.expired ?? 0))]))
        } else {
            sections.append(Section(heading: t["record"]!, id: "record", note: t["waitsFor"]!.replacingOccurrences(of: "{addition}", with: "A6")))
        }
        let people = (contacts?.contacts ?? []).map { person -> [Table.Cell] in
            [.init(text: person.name), .init(text: person.role ?? "—"), .init(text: person.phone.map(Format.phone) ?? "—"), .init(text: person.email ?? "—")]
        }
        sections.append(Section(heading: t["contacts"]!, id: "contacts", table: Table(
            caption: t["contacts"]!, columns: [t["name"]!, t["contactRole"]!, t["phone"]!, t["email"]!], rows: people, empty: t["noneFound"]!)))
        if let proposals {
            sections.append(Section(heading: t["proposals"]!, id: "proposals", table: ProposalRows(language: language).table(
                proposals, caption: t["proposals"]!, empty: t["noProposals"]!, withRequest: true)))
        } else {
            sections.append(Section(heading: t["proposals"]!, id: "proposals", note: t["waitsFor"]!.replacingOccurrences(of: "{addition}", with: "A4")))
        }
        sections.append(Section(heading: t["edit"]!, id: "edit", forms: [FormSpec(action: "/providers/\(id)/edit", fields: [
            .init(name: "version", label: "", kind: .hidden, value: etag ?? "*"),
            .init(name: "loaded.capacity", label: "", kind: .hidden, value: String(provider.capacity)),
            .init(name: "loaded.qualified", label: "", kind: .hidden, value: String(provider.qualified)),
            .init(name: "capacity", label: t["capacity"]!, kind: .number, value: typed?["capacity"] ?? String(provider.capacity), required: true),
            .init(name: "qualified", label: t["qualified"]!, kind: .checkbox, value: "true",
                  checked: typed.map { $0["qualified"] == "true" } ?? provider.qualified)],
            submit: t["save"]!)]))
        return await portal.render(sectionsPage(title: "providerDetails", heading: provider.name, sections: sections,
                                                status: problem == nil ? 200 : 412, problem: problem), request, context)
    }

    @Sendable func editProvider(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context)
        let id = try RequestPages.id(context)
        let t = Labels.table(context.language)
        let body: [String: AnyEncodable] = ["capacity": .init(Int(form.text("capacity") ?? "") ?? -1), "qualified": .init(form["qualified"] == "true")]
        if case .failure = try await IntakeClient.outcome(showing: [412], { () async throws(IntakeProblem) in
            try await portal.intake.send(.PATCH, "/v1/providers/\(id)", json: body, ifMatch: form["version"] ?? "*",
                                         contentType: "application/merge-patch+json", session: session)
        }) {
            let current = try await portal.intake.get("/v1/providers/\(id)", as: IntakeProvider.self, session: session)
            var changed: [String] = []
            if String(current.capacity) != form["loaded.capacity"] {
                changed.append("\(t["capacity"]!): \(form["loaded.capacity"] ?? "") → \(current.capacity)")
            }
            if String(current.qualified) != form["loaded.qualified"] {
                changed.append("\(t["qualified"]!): \(current.qualified ? t["yes"]! : t["no"]!)")
            }
            return try await providerPage(request, context, problem: t["changedMeanwhile"]! + " " + changed.joined(separator: "; "), typed: form)
        }
        portal.queues.forget(session.id)
        return portal.redirect("/providers/\(id)", notice: "saved")
    }
}
