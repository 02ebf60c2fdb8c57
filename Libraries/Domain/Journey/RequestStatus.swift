/// Where a request for help stands in the coupon journey, as every service and the API name it.
/// Matching owns the transitions (its journey state machine); intake shows the latest one it heard of.
///
/// ```
/// submitted → awaitingScreening → notEligible
///           ↘ matching → proposed → accepted → assigned → workReported → completed
///                ↘ unmatched (parked, retried)   ↘ waitlisted (a round left it out)
/// any state before completed → withdrawn
/// ```
public enum RequestStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stored by intake; matching has not seen it yet.
    case submitted
    /// Waits for an officer's screening decision (`MATCHING_SCREENING=officer`).
    case awaitingScreening
    /// An officer (or the automatic rules) found it not eligible; terminal.
    case notEligible
    /// Eligible and waiting for a proposal (or for an allocation round).
    case matching
    /// A provider was proposed and has not answered yet.
    case proposed
    /// The proposed provider accepted; waits for the enterprise's confirmation.
    case accepted
    /// Confirmed: the provider works on it and the coupon is committed.
    case assigned
    /// The provider reported the work done; waits for the enterprise's confirmation.
    case workReported
    /// The enterprise confirmed completion; the coupon is spent. Rating may follow.
    case completed
    /// Nobody can take it now (the reason is on the timeline); retried when providers or capacity appear.
    case unmatched
    /// An allocation round left it out (budget or capacity); kept as the round's waitlist.
    case waitlisted
    /// Withdrawn by the enterprise or an officer; terminal.
    case withdrawn

    /// No further transition.
    public var isTerminal: Bool { self == .notEligible || self == .completed || self == .withdrawn }

    /// The Thai label shown to enterprises and officers.
    public var nameTH: String {
        switch self {
        case .submitted: "ได้รับคำขอแล้ว"
        case .awaitingScreening: "รอเจ้าหน้าที่คัดกรอง"
        case .notEligible: "ไม่ผ่านการคัดกรอง"
        case .matching: "กำลังจับคู่ผู้ให้บริการ"
        case .proposed: "เสนอผู้ให้บริการแล้ว"
        case .accepted: "ผู้ให้บริการตอบรับ รอยืนยัน"
        case .assigned: "อยู่ระหว่างดำเนินงาน"
        case .workReported: "ผู้ให้บริการรายงานผลแล้ว รอยืนยัน"
        case .completed: "ดำเนินการเสร็จสิ้น"
        case .unmatched: "ยังไม่มีผู้ให้บริการที่เหมาะสม"
        case .waitlisted: "อยู่ในรายชื่อสำรอง"
        case .withdrawn: "ถอนคำขอแล้ว"
        }
    }

    /// The English label.
    public var nameEN: String {
        switch self {
        case .submitted: "Received"
        case .awaitingScreening: "Awaiting screening"
        case .notEligible: "Not eligible"
        case .matching: "Matching"
        case .proposed: "Provider proposed"
        case .accepted: "Accepted, awaiting confirmation"
        case .assigned: "In progress"
        case .workReported: "Work reported, awaiting confirmation"
        case .completed: "Completed"
        case .unmatched: "No suitable provider yet"
        case .waitlisted: "Waitlisted"
        case .withdrawn: "Withdrawn"
        }
    }
}
