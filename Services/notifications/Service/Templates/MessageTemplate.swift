import Contracts
import Domain
import Foundation
import Logging

/// The messages notifications sends. Thai first; English when the contact person chose `en`.
enum MessageTemplate: String, Sendable, CaseIterable {
    /// To the enterprise: the request was received, with its reference.
    case requestReceived = "request-received"
    /// To the provider's coordinators: a request is proposed to them; accept or decline by a date.
    case proposalToProvider = "proposal-to-provider"
    /// To the enterprise: nobody can take the request yet, and what happens next.
    case requestUnmatched = "request-unmatched"

    /// Whether the template needs the request's details (so the message waits until they arrive).
    var needsRequest: Bool { true }
}

/// Values from the causing event that a template uses.
struct MessageParams: Codable, Sendable, Equatable {
    var score: Int?
    var criteria: [MatchCriterion]?
    var respondBy: Date?
    var reason: String?
}

/// What the request was about (notifications' copy from `otop.requests`).
struct RequestSummary: Sendable, Equatable {
    var reference: String
    var productName: String
    var productType: ProductType
    var serviceAreas: [ServiceArea]
    var targetStandard: StandardCode?
    var provinceCode: String
    var description: String
    var submittedAt: Date
}

/// A rendered message.
struct RenderedMessage: Sendable, Equatable {
    var subject: String
    var text: String
}

/// Words the templates. Pure: tests render without any I/O.
struct MessageRenderer: Sendable {
    let catalogue = StandardCatalogue.default

    func render(_ template: MessageTemplate, partyName: String, language: String, request: RequestSummary,
                params: MessageParams) -> RenderedMessage {
        language == "en"
            ? english(template, partyName: partyName, request: request, params: params)
            : thai(template, partyName: partyName, request: request, params: params)
    }

    private func thai(_ template: MessageTemplate, partyName: String, request r: RequestSummary, params: MessageParams) -> RenderedMessage {
        let province = Province.withCode(r.provinceCode)?.nameTH ?? r.provinceCode
        let areas = r.serviceAreas.map(\.nameTH).joined(separator: ", ")
        let standard = r.targetStandard.map { catalogue[$0].nameTH } ?? "-"
        let details = """
            เลขที่คำขอ: \(r.reference)
            ผลิตภัณฑ์: \(r.productName) (\(r.productType.nameTH))
            บริการที่ขอ: \(areas)
            มาตรฐานเป้าหมาย: \(standard)
            จังหวัด: \(province)
            รายละเอียด: \(r.description)
            """
        let footer = "\n\nโครงการวิทยาศาสตร์ เทคโนโลยีและนวัตกรรมเพื่อยกระดับผลิตภัณฑ์ OTOP (คูปองวิทย์เพื่อโอทอป)\nข้อความนี้ส่งโดยระบบอัตโนมัติ"
        switch template {
        case .requestReceived:
            return RenderedMessage(
                subject: "ได้รับคำขอรับบริการ \(r.reference) แล้ว",
                text: """
                    เรียน \(partyName)

                    ระบบได้รับคำขอรับบริการวิทยาศาสตร์และเทคโนโลยีของท่านแล้ว เมื่อวันที่ \(ThaiCalendar.longThaiDate(r.submittedAt))
                    ขณะนี้กำลังจับคู่กับหน่วยงานผู้ให้บริการที่เหมาะสม และจะแจ้งให้ทราบเมื่อมีความคืบหน้า

                    \(details)
                    """ + footer)
        case .proposalToProvider:
            let reasons = (params.criteria ?? []).map { "  - \($0.note) (\($0.points)/\($0.weight))" }.joined(separator: "\n")
            let due = params.respondBy.map(ThaiCalendar.longThaiDate) ?? "-"
            return RenderedMessage(
                subject: "ข้อเสนอคำขอรับบริการ \(r.reference): \(r.productName)",
                text: """
                    เรียน ผู้ประสานงาน \(partyName)

                    ระบบจับคู่ผู้ให้บริการขอเสนอคำขอรับบริการต่อไปนี้ให้หน่วยงานของท่านพิจารณา

                    \(details)

                    เหตุผลที่เสนอ (คะแนนรวม \(params.score ?? 0)):
                    \(reasons)

                    กรุณาตอบรับหรือปฏิเสธภายในวันที่ \(due)
                    """ + footer)
        case .requestUnmatched:
            return RenderedMessage(
                subject: "คำขอ \(r.reference) ยังไม่มีผู้ให้บริการที่รับได้",
                text: """
                    เรียน \(partyName)

                    ขณะนี้ยังไม่มีหน่วยงานผู้ให้บริการที่รับคำขอของท่านได้ ระบบจะจับคู่อีกครั้งโดยอัตโนมัติเมื่อมีผู้ให้บริการที่เหมาะสม
                    และเจ้าหน้าที่โครงการจะติดต่อท่านหากต้องการข้อมูลเพิ่มเติม

                    \(details)
                    """ + footer)
        }
    }

    private func english(_ template: MessageTemplate, partyName: String, request r: RequestSummary, params: MessageParams) -> RenderedMessage {
        let province = Province.withCode(r.provinceCode)?.nameEN ?? r.provinceCode
        let areas = r.serviceAreas.map(\.nameEN).joined(separator: ", ")
        let standard = r.targetStandard.map { catalogue[$0].nameEN } ?? "-"
        let details = """
            Request: \(r.reference)
            Product: \(r.productName) (\(r.productType.nameEN))
            Services requested: \(areas)
            Target standard: \(standard)
            Province: \(province)
            Details: \(r.description)
            """
        let footer = "\n\nScience, Technology and Innovation for OTOP upgrade programme\nThis message was sent automatically."
        switch template {
        case .requestReceived:
            return RenderedMessage(
                subject: "Request \(r.reference) received",
                text: "Dear \(partyName),\n\nWe received your request on \(ThaiCalendar.longEnglishDate(r.submittedAt)) "
                    + "and are matching it with a suitable provider.\n\n\(details)" + footer)
        case .proposalToProvider:
            let reasons = (params.criteria ?? []).map { "  - \($0.criterion): \($0.points)/\($0.weight)" }.joined(separator: "\n")
            let due = params.respondBy.map(ThaiCalendar.longEnglishDate) ?? "-"
            return RenderedMessage(
                subject: "Proposed request \(r.reference): \(r.productName)",
                text: "Dear coordinator of \(partyName),\n\nThe matching system proposes this request to you.\n\n\(details)\n\n"
                    + "Why (total score \(params.score ?? 0)):\n\(reasons)\n\nPlease accept or decline by \(due)." + footer)
        case .requestUnmatched:
            return RenderedMessage(
                subject: "No provider available yet for request \(r.reference)",
                text: "Dear \(partyName),\n\nNo provider can take your request at the moment. It will be matched again "
                    + "automatically when a suitable provider is available.\n\n\(details)" + footer)
        }
    }
}
