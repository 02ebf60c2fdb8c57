import Foundation
import Timestamps

extension CertificationLifecycle {
    /// What a `certified` report means, by the state it follows.
    public enum Grant: String, Sendable, Hashable {
        /// First issue after the review steps: number and validity are required.
        case issue
        /// A renewal of a certificate whose renewal was due: a later expiry is required.
        case renewal
        /// A surveillance audit passed, or a suspension lifted: the certificate keeps its facts
        /// unless the report gives new ones.
        case continuation
    }

    /// The kind of grant a `certified` report is from `state`.
    public static func grant(from state: CertificationState) -> Grant {
        switch state {
        case .renewalDue: .renewal
        case .surveillance, .suspended, .certified: .continuation
        default: .issue
        }
    }

    /// Checks `report` against the certificate's standing and returns the standing it leads to.
    /// Refuses (with the reason a reporter reads) a step that does not follow the current state for
    /// this standard, a missing reason, a number or dates on a step other than `certified`, an
    /// issue without number or dates, an expiry on a standard that does not expire (or none on one
    /// that does), dates in the wrong order, and a renewal that does not move the expiry later.
    public func apply(_ report: ReportedStep, to current: CertificateStanding) throws(TransitionError) -> CertificateStanding {
        func refuse(_ reason: String, th reasonTH: String, _ field: String) -> TransitionError {
            TransitionError(standard: definition.code, from: current.state, to: report.step, reason: reason, reasonTH: reasonTH,
                            field: field)
        }
        if ReportedStep.trackerSteps.contains(report.step) {
            throw refuse("\(report.step.rawValue) is set by the tracker, not reported",
                         th: "สถานะ\(report.step.nameTH)ระบบติดตามกำหนดเอง ไม่ต้องรายงาน", "step")
        }
        try validate(from: current.state, to: report.step, reason: report.reason)
        let number = report.number?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard report.step == .certified else {
            if number != nil || report.validFrom != nil || report.validUntil != nil {
                throw refuse("a number and validity dates are reported with certified only",
                             th: "เลขที่และวันที่มีผลรายงานพร้อมขั้นตอนได้รับการรับรอง (certified) เท่านั้น", number != nil ? "number" : report.validFrom != nil ? "validFrom" : "validUntil")
            }
            return CertificateStanding(state: report.step, number: current.number, validFrom: current.validFrom,
                                       validUntil: current.validUntil)
        }
        if report.validUntil != nil && !definition.expires {
            throw refuse("\(definition.code.rawValue) does not expire: leave validUntil out", th: "\(definition.code.rawValue) ไม่มีวันหมดอายุ ไม่ต้องระบุ validUntil", "validUntil")
        }
        if let from = report.validFrom, let until = report.validUntil, until <= from {
            throw refuse("validUntil (\(until)) must be after validFrom (\(from))",
                         th: "วันหมดอายุ (\(until)) ต้องอยู่หลังวันเริ่มมีผล (\(from))", "validUntil")
        }
        var next = current
        next.state = .certified
        switch Self.grant(from: current.state) {
        case .issue:
            guard let number, !number.isEmpty else { throw refuse("an issued certificate needs its number", th: "ใบรับรองที่ออกแล้วต้องมีเลขที่", "number") }
            guard let validFrom = report.validFrom else { throw refuse("an issued certificate needs validFrom", th: "ใบรับรองที่ออกแล้วต้องมีวันเริ่มมีผล (validFrom)", "validFrom") }
            if definition.expires && report.validUntil == nil {
                throw refuse("\(definition.code.rawValue) expires: an issued certificate needs validUntil",
                             th: "\(definition.code.rawValue) มีวันหมดอายุ ใบรับรองที่ออกแล้วต้องมีวันหมดอายุ (validUntil)", "validUntil")
            }
            next.number = number
            next.validFrom = validFrom
            next.validUntil = report.validUntil
        case .renewal:
            guard let validUntil = report.validUntil else { throw refuse("a renewal needs the new validUntil", th: "การต่ออายุต้องระบุวันหมดอายุใหม่ (validUntil)", "validUntil") }
            if let old = current.validUntil, validUntil <= old {
                throw refuse("a renewal must move validUntil past \(old), found \(validUntil)",
                             th: "การต่ออายุต้องเลื่อนวันหมดอายุให้เลย \(old) แต่ได้ \(validUntil)", "validUntil")
            }
            let validFrom = report.validFrom ?? current.validUntil?.adding(days: 1) ?? validUntil
            if validUntil <= validFrom { throw refuse("validUntil (\(validUntil)) must be after validFrom (\(validFrom))",
                                                     th: "วันหมดอายุ (\(validUntil)) ต้องอยู่หลังวันเริ่มมีผล (\(validFrom))", "validUntil") }
            next.number = number.flatMap { $0.isEmpty ? nil : $0 } ?? current.number
            next.validFrom = validFrom
            next.validUntil = validUntil
        case .continuation:
            if let number, !number.isEmpty { next.number = number }
            if let validFrom = report.validFrom { next.validFrom = validFrom }
            if let validUntil = report.validUntil { next.validUntil = validUntil }
            if let from = next.validFrom, let until = next.validUntil, until <= from {
                throw refuse("validUntil (\(until)) must be after validFrom (\(from))",
                         th: "วันหมดอายุ (\(until)) ต้องอยู่หลังวันเริ่มมีผล (\(from))", "validUntil")
            }
        }
        return next
    }
}
