import Foundation

/// The certification lifecycle as an explicit state machine: given a standard's definition, it says
/// whether a reported step may follow the current state and what the certificate then holds.
public struct CertificationLifecycle: Sendable {
    /// Why a step cannot be applied.
    public struct TransitionError: Error, Sendable, Equatable, CustomStringConvertible {
        public let standard: StandardCode
        public let from: CertificationState
        public let to: CertificationState
        /// Why, in English (events, logs and English answers).
        public let reason: String
        /// Why, in Thai (the reporter's language by default).
        public let reasonTH: String
        /// The report's field at fault (`reason`, `number`, `validFrom`, `validUntil`), or `nil`
        /// when the step itself does not follow the current state.
        public let field: String?

        public init(standard: StandardCode, from: CertificationState, to: CertificationState, reason: String,
                    reasonTH: String, field: String? = nil) {
            self.standard = standard
            self.from = from
            self.to = to
            self.reason = reason
            self.reasonTH = reasonTH
            self.field = field
        }

        public var description: String {
            "\(standard.rawValue): cannot move from \(from.rawValue) to \(to.rawValue): \(reason)"
        }

        /// The same in Thai.
        public var descriptionTH: String {
            "\(standard.rawValue): เปลี่ยนจาก \(from.nameTH) (\(from.rawValue)) เป็น \(to.nameTH) (\(to.rawValue)) ไม่ได้: \(reasonTH)"
        }
    }

    public let definition: StandardDefinition

    public init(definition: StandardDefinition) {
        self.definition = definition
    }

    /// The states allowed to follow `state` for this standard.
    public func allowedNext(after state: CertificationState) -> Set<CertificationState> {
        let steps = definition.steps
        switch state {
        case .planned:
            return Set(steps).union([.cancelled])
        case .gapAnalysis, .applied, .documentReview, .siteInspection, .labTesting, .committee:
            // Forward to any later step of this standard, or straight to the decision.
            let later = steps.firstIndex(of: state).map { Array(steps[($0 + 1)...]) } ?? []
            return Set(later).union([.certified, .rejected, .cancelled])
        case .certified:
            var next: Set<CertificationState> = [.suspended, .cancelled]
            if definition.hasSurveillance { next.insert(.surveillance) }
            if definition.validityMonths != nil { next.formUnion([.renewalDue, .expired]) }
            return next
        case .surveillance:
            var next: Set<CertificationState> = [.certified, .suspended, .cancelled]
            if definition.validityMonths != nil { next.formUnion([.renewalDue, .expired]) }
            return next
        case .renewalDue:
            return [.certified, .expired, .suspended, .cancelled]
        case .suspended:
            return [.certified, .cancelled, .expired]
        case .expired, .rejected:
            // A new application (or planning one) after expiry or rejection.
            return Set(steps.prefix(while: { $0 != .documentReview })).union([.planned, .applied, .cancelled])
        case .cancelled:
            return []
        }
    }

    /// Checks that `to` may follow `from`; rejected steps need a reason.
    public func validate(from: CertificationState, to: CertificationState, reason: String?) throws(TransitionError) {
        guard allowedNext(after: from).contains(to) else {
            if from.isTerminal {
                throw TransitionError(standard: definition.code, from: from, to: to, reason: "\(from.rawValue) is final",
                                      reasonTH: "สถานะ\(from.nameTH)เป็นสถานะสุดท้าย")
            }
            throw TransitionError(standard: definition.code, from: from, to: to,
                                  reason: "not a step that follows \(from.rawValue) for this standard",
                                  reasonTH: "ขั้นตอนนี้ไม่ได้ต่อจากสถานะ\(from.nameTH)ของมาตรฐานนี้")
        }
        if to == .rejected || to == .suspended || to == .cancelled,
           (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw TransitionError(standard: definition.code, from: from, to: to, reason: "a reason is required",
                                  reasonTH: "ต้องระบุเหตุผล", field: "reason")
        }
    }
}
