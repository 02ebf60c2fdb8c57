import Domain
import Foundation

/// What happens next to an enterprise's request, in plain words for the enterprise's own pages
/// (`/my/requests/{id}`, issue 15 point 3): for each state, what happens next, who acts and by when.
/// Thai and English side by side, like ``Labels``; `{days}` is filled with the programme's limit.
struct RequestNextStep: Sendable, Equatable {
    /// What happens next.
    var what: String
    /// Who acts: the enterprise itself, the provider, the programme's officer, or nobody (`nil`: the request has ended).
    var who: String?
    /// By when, when the programme sets a limit.
    var byWhen: String?

    static let entries: [RequestStatus: (th: (String, String?, String?), en: (String, String?, String?))] = [
        .submitted: (("ระบบกำลังตรวจสอบคำขอ", "ระบบ", "ภายในไม่กี่นาที"),
                     ("The system checks your request", "The system", "Within minutes")),
        .awaitingScreening: (("เจ้าหน้าที่โครงการในภูมิภาคของท่านคัดกรองคำขอ", "เจ้าหน้าที่โครงการ", "ภายใน 7 วันทำการ"),
                             ("The programme officer of your region screens the request", "Programme officer", "Within 7 working days")),
        .notEligible: (("คำขอไม่ผ่านการคัดกรอง ดูเหตุผลด้านล่าง ท่านยื่นคำขอใหม่ได้เมื่อพร้อม", nil, nil),
                       ("The request was not eligible (the reason is below); you may submit a new one when ready", nil, nil)),
        .matching: (("ระบบกำลังหาผู้ให้บริการที่เหมาะสม", "ระบบ", "ภายในไม่กี่นาที"),
                     ("The system looks for a suitable provider", "The system", "Within minutes")),
        .proposed: (("ผู้ให้บริการพิจารณาตอบรับงาน", "ผู้ให้บริการ", "ภายใน {days} วัน"),
                     ("The proposed provider decides whether to take the work", "The provider", "Within {days} days")),
        .accepted: (("ผู้ให้บริการตอบรับแล้ว กรุณายืนยันผู้ให้บริการ", "ท่าน (วิสาหกิจ)", "โดยเร็ว"),
                     ("The provider accepted: please confirm the provider", "You (the enterprise)", "As soon as you can")),
        .assigned: (("ผู้ให้บริการจะติดต่อท่านเพื่อเริ่มงาน และรายงานผลเมื่อเสร็จ", "ผู้ให้บริการ", "ตามแผนงานที่ตกลงกัน"),
                     ("The provider contacts you to start, and reports the work when done", "The provider", "As agreed with you")),
        .workReported: (("ผู้ให้บริการรายงานผลแล้ว กรุณายืนยันการเสร็จงานและให้คะแนน", "ท่าน (วิสาหกิจ)", "ภายใน 14 วัน"),
                         ("The provider reported the work: please confirm it and rate it", "You (the enterprise)", "Within 14 days")),
        .completed: (("งานเสร็จสมบูรณ์ ใบรับรองและขั้นตอนถัดไปอยู่ในหน้าใบรับรองของท่าน", nil, nil),
                      ("The work is complete; your certificates and their next steps are on your certificates page", nil, nil)),
        .unmatched: (("ยังไม่มีผู้ให้บริการที่เหมาะสม เจ้าหน้าที่โครงการจะช่วยหาให้", "เจ้าหน้าที่โครงการ", "ในรอบจัดสรรถัดไป"),
                      ("No suitable provider yet; the programme officer looks for one", "Programme officer", "By the next allocation round")),
        .waitlisted: (("คำขออยู่ในรายชื่อรอ เมื่อมีงบประมาณหรือผู้ให้บริการว่าง ระบบจะเสนอให้", "ระบบ", "ในรอบจัดสรรถัดไป"),
                       ("The request is on the waiting list until budget or a provider is free", "The system", "By the next allocation round")),
        .withdrawn: (("คำขอถูกถอนแล้ว ท่านยื่นคำขอใหม่ได้", nil, nil),
                      ("The request was withdrawn; you may submit a new one", nil, nil)),
    ]

    /// The next step of a request in `status`, with `responseDays` (the provider's time to answer).
    static func of(_ status: RequestStatus, _ language: Language, responseDays: Int = 7) -> RequestNextStep {
        let entry = entries[status]!
        let (what, who, by) = language == .th ? entry.th : entry.en
        return RequestNextStep(what: what, who: who, byWhen: by?.replacingOccurrences(of: "{days}", with: String(responseDays)))
    }
}
