import Domain
import Foundation
import Hummingbird
import NIOHTTP1

/// Confirm the work and rate it (`/my/requests/{id}/completion`, the work-reported message's link;
/// issue 15, point 3): what the provider reported, **ยืนยันว่างานเสร็จ** while the work waits for
/// the enterprise (`POST /v1/requests/{id}/completion`), then a rating of 1–5 with the enterprise's
/// monthly income before and after the work (`POST /v1/requests/{id}/rating`, once: the programme's
/// headline figure), each refused field shown beside it with what was typed kept.
struct CompletionPages: Sendable {
    let portal: Portal

    /// The form as typed and the problems to show beside its fields.
    struct Typed {
        var form: Form?
        var errors: [String: String] = [:]
    }

    func addRoutes(to group: RouterGroup<PortalRequestContext>) {
        group.get("/my/requests/:id/completion", use: show)
        group.post("/my/requests/:id/completion", use: confirm)
        group.post("/my/requests/:id/rating", use: rate)
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await page(request, context, typed: Typed(), problem: nil)
    }

    func page(_ request: Request, _ context: PortalRequestContext, typed: Typed, problem: IntakeProblem?,
              status: Int? = nil) async throws -> Response {
        let (session, _) = try portal.requireContact(context, .enterprise)
        let id = try RequestPages.id(context)
        let language = context.language
        let t = Labels.table(language)
        let item = try await portal.intake.get("/v1/requests/\(id)", as: IntakeRequest.self, session: session)
        let timeline = item.timeline ?? []
        let report = timeline.last { $0.type == Self.eventType("match.work-reported") }
        let rated = timeline.contains { $0.type == Self.eventType("match.rated") }
        var work = [Fact(label: t["reference"]!, value: item.reference, href: "/my/requests/\(id)"),
                    Fact(label: t["product"]!, value: item.productName),
                    Fact(label: t["status"]!, value: language == .th ? item.statusNameTH : item.statusNameEN)]
        if let provider = item.provider { work.append(Fact(label: t["provider"]!, value: provider.name)) }
        if let report {
            work.append(Fact(label: t["workSummary"]!, value: report.summary["summary"] ?? "—"))
            work.append(Fact(label: t["reportedAt"]!, value: Format.dateTime(report.at, language)))
        }
        var sections = [Section(heading: t["reportedWork"]!, id: "work", facts: work)]
        switch RequestStatus(rawValue: item.status) {
        case .workReported:
            sections.append(Section(heading: t["confirmCompletion"]!, id: "confirm", note: t["confirmCompletionNote"], forms: [
                FormSpec(action: "/my/requests/\(id)/completion", fields: [], submit: t["confirmCompletion"]!)]))
        case .completed where rated:
            sections.append(Section(heading: t["rateWork"]!, id: "rate", note: t["ratedAlready"]))
        case .completed:
            sections.append(Section(heading: t["rateWork"]!, id: "rate", note: t["rateWorkNote"], forms: [ratingForm(id, t, typed)]))
        default:
            sections.append(Section(heading: t["confirmCompletion"]!, id: "confirm", note: t["completionNotYet"]))
        }
        return await portal.render(sectionsPage(title: "completionTitle", heading: "\(t["completionTitle"]!) \(item.reference)",
                                                sections: sections, status: status ?? problem?.status ?? 200,
                                                problem: problem.map { $0.detail ?? $0.title }),
                                   request, context)
    }

    /// The CloudEvents type of an event on the request's timeline (`match.rated` → `th.otop.match.rated.v1`).
    static func eventType(_ name: String) -> String { "th.otop.\(name).v1" }

    /// Rating 1–5 (one tap each), a comment, and the monthly incomes in whole baht.
    func ratingForm(_ id: String, _ t: [String: String], _ typed: Typed) -> FormSpec {
        let chosen = typed.form?["rating"]
        let options = (1...5).map { FormSpec.Field.Option(value: "\($0)", label: t["rating\($0)"]!, selected: chosen == "\($0)") }
        return FormSpec(action: "/my/requests/\(id)/rating", fields: [
            .init(name: "rating", label: t["ratingLabel"]!, kind: .radio, options: options, required: true, error: typed.errors["rating"]),
            .init(name: "monthlyIncomeBeforeBaht", label: t["incomeBefore"]!, kind: .number, value: typed.form?["monthlyIncomeBeforeBaht"],
                  help: t["incomeHelp"], error: typed.errors["monthlyIncomeBeforeBaht"]),
            .init(name: "monthlyIncomeAfterBaht", label: t["incomeAfter"]!, kind: .number, value: typed.form?["monthlyIncomeAfterBaht"],
                  error: typed.errors["monthlyIncomeAfterBaht"]),
            .init(name: "comment", label: t["ratingComment"]!, kind: .textarea, value: typed.form?["comment"], error: typed.errors["comment"])],
                        submit: t["sendRating"]!)
    }

    /// Confirms the work done; a refusal (409: not reported, confirmed already) shows on the page.
    @Sendable func confirm(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context, limit: 16 * 1024)
        _ = try portal.requireContact(context, .enterprise)
        let id = try RequestPages.id(context)
        if case .failure(let problem) = try await IntakeClient.outcome(showing: [409], { () async throws(IntakeProblem) in
            try await portal.intake.send(.POST, "/v1/requests/\(id)/completion", json: [String: String](),
                                         idempotencyKey: Portal.idempotencyKey(form), session: session)
        }) {
            return try await page(request, context, typed: Typed(), problem: problem)
        }
        return portal.redirect("/my/requests/\(id)/completion", notice: "completionConfirmed")
    }

    /// Sends the rating; incomes that are not whole numbers are refused here, intake's 422 beside its
    /// fields and its 409 (not completed yet, rated already) on the page, with what was typed kept.
    @Sendable func rate(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (form, session) = try await portal.form(request, context, limit: 64 * 1024)
        _ = try portal.requireContact(context, .enterprise)
        let id = try RequestPages.id(context)
        let t = Labels.table(context.language)
        let rating = RatingForm(form: form)
        guard rating.errors.isEmpty else {
            return try await page(request, context, typed: Typed(form: form, errors: rating.errors.mapValues { t[$0]! }), problem: nil,
                                  status: 422)
        }
        switch try await IntakeClient.outcome(showing: [409, 422], { () async throws(IntakeProblem) in
            try await portal.intake.send(.POST, "/v1/requests/\(id)/rating", json: rating.body,
                                         idempotencyKey: Portal.idempotencyKey(form), session: session)
        }) {
        case .failure(let problem) where problem.status == 422:
            return try await page(request, context, typed: Typed(form: form, errors: problem.fieldMessages), problem: nil, status: 422)
        case .failure(let problem):
            return try await page(request, context, typed: Typed(form: form), problem: problem)
        case .success:
            return portal.redirect("/my/requests/\(id)", notice: "workRated")
        }
    }
}

/// The rating form read into intake's body: the rating and incomes as whole numbers (a thousands
/// comma allowed), each field that is not one named in ``errors`` with its label key.
struct RatingForm: Sendable {
    struct Body: Encodable, Sendable {
        var rating: Int?
        var comment: String?
        var monthlyIncomeBeforeBaht: Int?
        var monthlyIncomeAfterBaht: Int?
    }

    var body = Body()
    var errors: [String: String] = [:]

    init(form: Form) {
        body.rating = whole("rating", form)
        body.comment = form.text("comment")
        body.monthlyIncomeBeforeBaht = whole("monthlyIncomeBeforeBaht", form)
        body.monthlyIncomeAfterBaht = whole("monthlyIncomeAfterBaht", form)
    }

    /// The field's whole number, nil when empty (intake says whether it is required).
    private mutating func whole(_ name: String, _ form: Form) -> Int? {
        guard let text = form.text(name)?.replacingOccurrences(of: ",", with: "") else { return nil }
        guard let value = Int(text) else {
            errors[name] = "wholeNumber"
            return nil
        }
        return value
    }
}
