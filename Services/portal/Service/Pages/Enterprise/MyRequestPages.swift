import Domain
import Foundation
import Hummingbird

/// The enterprise's own requests (issue 15, point 3), for its signed-in contact person:
/// `/my/requests` (each request with its state and what happens next) and `/my/requests/{id}` (what
/// happens next, who acts and by when; the request's facts; its timeline in plain words). Intake
/// answers only the enterprise's own requests (its JWT carries `enterprise_id`): another's is a 404,
/// shown as "not found, or not yours".
struct MyRequestPages: Sendable {
    let portal: Portal
    /// Matching's time for a provider to answer a proposal (`MATCHING_RESPONSE_WINDOW_SECONDS`' default).
    static let responseDays = 3

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/my/requests", use: list)
        group.get("/my/requests/:id", use: request)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.requireContact(context, .enterprise)
        let language = context.language
        let t = Labels.table(language)
        let page = try await portal.intake.get("/v1/requests", [("limit", "50")], as: IntakePage<IntakeRequest>.self, session: session)
        let rows = page.items.map { item -> [Table.Cell] in
            let next = RequestStatus(rawValue: item.status).map { RequestNextStep.of($0, language, responseDays: Self.responseDays) }
            return [.init(text: item.reference, href: "/my/requests/\(item.id.lowercased)"), .init(text: item.productName),
                    .init(text: language == .th ? item.statusNameTH : item.statusNameEN),
                    .init(text: Format.date(item.statusSince ?? item.updatedAt, language)),
                    .init(text: next.map { step in step.who.map { "\(step.what) (\($0))" } ?? step.what } ?? "—")]
        }
        let table = Table(caption: t["navMyRequests"]!, columns: [t["reference"]!, t["product"]!, t["status"]!, t["since"]!, t["nextStep"]!],
                          rows: rows, empty: t["myNoRequests"]!)
        return await portal.render(sectionsPage(title: "navMyRequests", heading: t["navMyRequests"]!, intro: t["myRequestsIntro"],
                                                sections: [Section(heading: t["navMyRequests"]!, id: "requests", table: table,
                                                                   links: [Link(text: t["navNewRequest"]!, href: "/my/requests/new")])]),
                                   request, context)
    }

    @Sendable func request(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (session, _) = try portal.requireContact(context, .enterprise)
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw HTTPError(.notFound) }
        let language = context.language
        let t = Labels.table(language), names = Names(language: language)
        let item = try await portal.intake.get("/v1/requests/\(id.lowercased)", as: IntakeRequest.self, session: session)
        let status = language == .th ? item.statusNameTH : item.statusNameEN
        var next: [Fact] = [Fact(label: t["status"]!, value: status)]
        if let state = RequestStatus(rawValue: item.status) {
            let step = RequestNextStep.of(state, language, responseDays: Self.responseDays)
            next.append(Fact(label: t["nextStep"]!, value: step.what))
            next.append(Fact(label: t["whoActs"]!, value: step.who ?? t["requestEnded"]!))
            if let by = step.byWhen { next.append(Fact(label: t["byWhen"]!, value: by)) }
        }
        var facts = [Fact(label: t["reference"]!, value: item.reference), Fact(label: t["product"]!, value: item.productName),
                     Fact(label: t["serviceAreas"]!, value: names.list(item.serviceAreas, names.serviceArea)),
                     Fact(label: t["submittedAt"]!, value: Format.dateTime(item.submittedAt, language)),
                     Fact(label: t["needs"]!, value: item.description)]
        if let standard = item.targetStandard { facts.insert(Fact(label: t["standard"]!, value: names.standard(standard)), at: 3) }
        if let provider = item.provider { facts.append(Fact(label: t["provider"]!, value: provider.name)) }
        if let waiting = item.waiting {
            facts.append(Fact(label: t["reason"]!, value: (language == .th ? waiting.reasonTH : waiting.reasonEN) ?? waiting.reason))
        }
        let timeline = (item.timeline ?? []).reversed().map { entry -> [Table.Cell] in
            [.init(text: Format.dateTime(entry.at, language)), .init(text: Labels.event(entry.type, language))]
        }
        let sections = [
            Section(heading: t["nextStep"]!, id: "next", facts: next),
            Section(heading: t["requestDetails"]!, id: "details", facts: facts),
            Section(heading: t["myTimeline"]!, id: "timeline",
                    table: Table(caption: t["myTimeline"]!, columns: [t["when"]!, t["what"]!], rows: timeline, empty: t["noneFound"]!)),
        ]
        return await portal.render(sectionsPage(title: "requestTitle", heading: "\(t["requestTitle"]!) \(item.reference)", sections: sections),
                                   request, context)
    }
}
