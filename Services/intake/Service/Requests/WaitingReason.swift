/// Why a request waits for a provider, as matching says it: `match.unmatched` parks a request
/// (`noProviders`, `noEligibleProvider`, `allCandidatesFull`, `regionBudgetExhausted`) and an
/// allocation round waitlists one (`lowerTotalScore`, `noCandidate`, and the budget and capacity
/// reasons above). Named in Thai and English for officers; a reason matching adds later is shown by
/// its code until it is named here (events may add values within a version).
enum WaitingReason: String, Sendable, CaseIterable {
    case noProviders
    case noEligibleProvider
    case allCandidatesFull
    case regionBudgetExhausted
    case lowerTotalScore
    case noCandidate

    var nameTH: String {
        switch self {
        case .noProviders: "ยังไม่มีผู้ให้บริการในพื้นที่"
        case .noEligibleProvider: "ไม่มีผู้ให้บริการที่ตรงกับความต้องการ"
        case .allCandidatesFull: "ผู้ให้บริการที่เหมาะสมรับงานเต็มแล้ว"
        case .regionBudgetExhausted: "งบประมาณคูปองของภาคหมดแล้ว"
        case .lowerTotalScore: "คะแนนรวมต่ำกว่าคำขออื่นในรอบ"
        case .noCandidate: "ไม่มีผู้ให้บริการที่รับได้ในรอบนี้"
        }
    }

    var nameEN: String {
        switch self {
        case .noProviders: "no provider serves the area yet"
        case .noEligibleProvider: "no provider fits the request's needs"
        case .allCandidatesFull: "every suitable provider is fully booked"
        case .regionBudgetExhausted: "the region's coupon budget is used up"
        case .lowerTotalScore: "other requests of the round scored higher in total"
        case .noCandidate: "no provider could take it in this round"
        }
    }

    /// The Thai and English names of the reason `code` (the code itself for a reason not named yet).
    static func names(of code: String) -> (th: String, en: String) {
        guard let reason = WaitingReason(rawValue: code) else { return (code, code) }
        return (reason.nameTH, reason.nameEN)
    }
}
