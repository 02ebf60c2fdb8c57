import Contracts
import Domain
import Foundation

/// Words a message: turns its facts and context into template values in the recipient's language
/// and renders the parts its channel sends. Pure: tests render without any I/O.
struct MessageRenderer: Sendable {
    let library: TemplateLibrary
    /// The web address of the programme's portal, for links (rate the work, confirm a proposal).
    let portalURL: String
    /// The programme's names, which every message's signature carries (`programme.json`).
    var programme: ProgrammeIdentity = .bundledDefault
    let catalogue = StandardCatalogue.default

    /// The page each message links to.
    var links: PortalLinks { PortalLinks(portalURL: portalURL) }

    /// Renders `parts` of `template`; the others stay `nil` (`text` is empty when not asked for).
    func render(_ template: MessageTemplate, facts: MessageFacts, context: MessageContext, language: Language,
                parts: [TemplatePart]) throws(TemplateError) -> RenderedMessage {
        let values = values(template, facts: facts, context: context, language: language)
        var message = RenderedMessage(subject: nil, text: "", html: nil, sms: nil, line: nil)
        for part in parts {
            let text = try library.render(template, part, language: language, values: values)
            switch part {
            case .subject: message.subject = text
            case .text: message.text = text
            case .html: message.html = text
            case .sms: message.sms = text
            case .line: message.line = text
            }
        }
        return message
    }

    /// The values templates may use. Absent optional facts are `false`, so that a template shows
    /// them in a section (`{{#reason}}…{{reason}}…{{/reason}}`). `link` is the page the message is
    /// about (``PortalLinks``).
    func values(_ template: MessageTemplate, facts: MessageFacts, context: MessageContext, language: Language) -> [String: Any] {
        var values: [String: Any] = ["partyName": context.recipientName, "portalURL": portalURL,
                                     "link": links.link(template, facts),
                                     "programmeName": language == .th ? programme.nameTH : programme.nameEN,
                                     "programmeShortName": language == .th ? programme.shortNameTH : programme.shortNameEN]
        if let request = context.request { values.merge(requestValues(request, language)) { _, new in new } }
        if let provider = context.providerName { values["providerName"] = provider }
        values["counterpart"] = context.counterpart.map { [Self.values($0)] } ?? []
        let date = { (date: Date) in Wording.date(date, language) }
        func optional(_ value: String?) -> Any { value.map { $0 as Any } ?? false }

        switch facts {
        case .requestSubmitted(let event):
            values.merge(requestValues(RequestSummary(
                reference: event.reference, productName: event.productName, productType: event.productType,
                serviceAreas: event.serviceAreas, targetStandard: event.targetStandard, provinceCode: event.provinceCode,
                description: event.description, submittedAt: event.submittedAt), language)) { _, new in new }
        case .screened(let event):
            values["reference"] = event.requestReference
            values["reason"] = optional(event.reason)
            values["screenedDate"] = date(event.screenedAt)
        case .unmatched(let event):
            values["reference"] = event.requestReference
            values["reasonText"] = Wording.unmatchedReason(event.reason, language)
            values["candidatesConsidered"] = event.candidatesConsidered
        case .proposed(let event):
            values["reference"] = event.requestReference
            values["score"] = event.score.total
            values["criteria"] = event.score.criteria.map {
                TemplateValues(element: ["note": $0.note, "criterion": $0.criterion, "points": $0.points, "weight": $0.weight])
            }
            values["respondBy"] = date(event.respondBy)
            values["rank"] = event.rank
        case .accepted(let event):
            values["reference"] = event.requestReference
            values["acceptedDate"] = date(event.acceptedAt)
        case .declined(let event):
            values["reference"] = event.requestReference
            values["reason"] = event.reason
            values["declinedDate"] = date(event.declinedAt)
        case .expired(let event):
            values["reference"] = event.requestReference
            values["respondBy"] = date(event.respondBy)
            values["expiredDate"] = date(event.expiredAt)
        case .withdrawn(let event):
            values["reference"] = event.requestReference
            values["stage"] = Wording.withdrawalStage(event.stage, language)
            values["reason"] = event.reason
            values["withdrawnBy"] = Wording.actor(event.withdrawnBy.role, language)
            values["releasedBaht"] = event.releasedCouponBaht > 0 ? Wording.baht(event.releasedCouponBaht) as Any : false
            values["rematching"] = event.rematching
            values["withdrawnDate"] = date(event.withdrawnAt)
        case .assigned(let event):
            values["reference"] = event.requestReference
            values["couponValue"] = Wording.baht(event.coupon.valueBaht)
            values["enterpriseShare"] = Wording.baht(event.coupon.enterpriseShareBaht)
            values["programmeShare"] = Wording.baht(event.coupon.programmeShareBaht)
            values["assignedDate"] = date(event.assignedAt)
            values["manual"] = event.manual
        case .workReported(let event):
            values["reference"] = event.requestReference
            values["summary"] = event.summary
            values["reportedDate"] = date(event.reportedAt)
        case .stepChanged(let event):
            values["standard"] = language == .th ? event.standardNameTH : event.standardNameEN
            values["productName"] = optional(event.productName)
            values["fromStep"] = Wording.step(event.from, language)
            values["toStep"] = Wording.step(event.to, language)
            values["number"] = optional(event.number)
            values["validFrom"] = optional(event.validFrom.map { Wording.day($0, language) })
            values["validUntil"] = optional(event.validUntil.map { Wording.day($0, language) })
            values["nextSurveillanceDue"] = optional(event.nextSurveillanceDue.map { Wording.day($0, language) })
            values["reason"] = optional(event.reason)
            values["changedDate"] = date(event.changedAt)
        case .reminder(let event):
            values["standard"] = language == .th ? event.standardNameTH : event.standardNameEN
            values["productName"] = optional(event.productName)
            values["kindText"] = Wording.reminderKind(event.kind, language)
            values["expiry"] = event.kind == .expiry
            values["daysBefore"] = event.daysBefore
            values["dueDate"] = Wording.day(event.dueDate, language)
            values["renewBy"] = optional(event.renewBy.map { Wording.day($0, language) })
            values["number"] = optional(event.number)
        case .deliveryFailed(let facts):
            values["failedTemplate"] = facts.template.rawValue
            values["channel"] = Wording.channel(facts.channel, language)
            values["recipientName"] = facts.recipientName ?? facts.recipientPartyId.lowercased
            values["recipientKind"] = Wording.partyKind(facts.recipientPartyKind, language)
            values["requestReference"] = optional(facts.requestReference)
            values["reason"] = facts.reason
            values["attempts"] = facts.attempts
            values["failedDate"] = date(facts.failedAt)
        case .digest(let digest):
            values.merge(DigestWording.values(digest, language)) { _, new in new }
        case .signInCode(let event):
            // Left out when not opened: the template then fails naming `code` instead of sending a hole.
            if let code = context.signInCode { values["code"] = code }
            values["minutes"] = Int(event.expiresAt.timeIntervalSince(event.requestedAt) / 60)
            values["expiresTime"] = Wording.time(event.expiresAt, language)
        }
        return values
    }

    /// The other party of an assignment, as the one element of the `counterpart` section (an empty
    /// list when unknown, so that `{{^counterpart}}` can say so).
    private static func values(_ counterpart: Counterpart) -> TemplateValues {
        let person = counterpart.contact
        return TemplateValues(element: [
            "counterpartName": counterpart.partyName, "contactName": person.name,
            "contactRole": person.role.map { $0 as Any } ?? false, "contactPhone": person.phone.map { $0 as Any } ?? false,
            "contactEmail": person.email.map { $0 as Any } ?? false,
        ])
    }

    private func requestValues(_ request: RequestSummary, _ language: Language) -> [String: Any] {
        [
            "reference": request.reference,
            "productName": request.productName,
            "productType": language == .th ? request.productType.nameTH : request.productType.nameEN,
            "serviceAreas": request.serviceAreas.map { language == .th ? $0.nameTH : $0.nameEN }.joined(separator: ", "),
            "standard": request.targetStandard.map { language == .th ? catalogue[$0].nameTH : catalogue[$0].nameEN } ?? "-",
            "province": Wording.province(request.provinceCode, language),
            "description": request.description,
            "submittedDate": Wording.date(request.submittedAt, language),
        ]
    }
}
