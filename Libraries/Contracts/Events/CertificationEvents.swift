import Domain
import Foundation

/// `th.otop.certification.planned.v1` on `otop.certifications`: the tracker opened a certificate
/// record for a standard an enterprise is working towards. Key: the certificate id.
public struct CertificationPlanned: EventPayload, Hashable {
    public static let eventType = "th.otop.certification.planned.v1"
    public static let topic = Topic.certifications

    public var certificateId: UUID
    public var requestId: UUID
    public var enterpriseId: UUID
    public var standard: StandardCode
    public var state: CertificationState
    /// The lifecycle steps this standard goes through, in order.
    public var steps: [CertificationState]
    public var plannedAt: Date
    /// Added in v1 (optional, additive): the product the certificate is for, the enterprise's
    /// province, and the standard's names, so consumers need no catalogue of their own.
    public var productId: UUID?
    public var productName: String?
    public var provinceCode: String?
    public var standardNameTH: String?
    public var standardNameEN: String?

    public init(certificateId: UUID, requestId: UUID, enterpriseId: UUID, standard: StandardCode,
                state: CertificationState, steps: [CertificationState], plannedAt: Date,
                productId: UUID? = nil, productName: String? = nil, provinceCode: String? = nil,
                standardNameTH: String? = nil, standardNameEN: String? = nil) {
        self.productId = productId
        self.productName = productName
        self.provinceCode = provinceCode
        self.standardNameTH = standardNameTH
        self.standardNameEN = standardNameEN
        self.certificateId = certificateId
        self.requestId = requestId
        self.enterpriseId = enterpriseId
        self.standard = standard
        self.state = state
        self.steps = steps
        self.plannedAt = plannedAt
    }

    public var aggregateID: String { certificateId.lowercased }
    public var subject: String { "certificate/\(aggregateID)" }
}

/// `th.otop.certification.step-changed.v1` on `otop.certifications`: a certificate moved from one
/// state to another (a reported step, an issue or renewal with number and dates, or the scheduler's
/// `renewalDue` / `expired` on their day). Carries what notifications, timelines and KPIs need.
/// Key: the certificate id.
public struct CertificationStepChanged: EventPayload, Hashable {
    public static let eventType = "th.otop.certification.step-changed.v1"
    public static let topic = Topic.certifications

    public var certificateId: UUID
    public var enterpriseId: UUID
    public var productId: UUID?
    public var productName: String?
    public var requestId: UUID?
    /// The enterprise's province (ISO code), for regional KPIs and officers.
    public var provinceCode: String
    public var standard: StandardCode
    public var standardNameTH: String
    public var standardNameEN: String
    public var from: CertificationState
    public var to: CertificationState
    public var number: String?
    /// `YYYY-MM-DD`
    public var validFrom: String?
    /// `YYYY-MM-DD`
    public var validUntil: String?
    /// `YYYY-MM-DD`, when the standard has surveillance audits.
    public var nextSurveillanceDue: String?
    public var reason: String?
    /// `system` for the scheduler's transitions.
    public var reportedBy: Actor
    /// The report that caused it, if any.
    public var reportId: UUID?
    public var changedAt: Date
    /// Added in v1 (optional, additive): `true` when the change records a certificate the
    /// enterprise already held (a registration, not a certificate obtained through the programme).
    public var registered: Bool?
    /// Added in v1 (optional, additive): `YYYY-MM-DD`, the day the renewal falls due (the
    /// certificate moves to `renewalDue`), when it expires.
    public var renewalDueOn: String?

    public init(certificateId: UUID, enterpriseId: UUID, productId: UUID?, productName: String?, requestId: UUID?,
                provinceCode: String, standard: StandardCode, standardNameTH: String, standardNameEN: String, from:
                CertificationState, to: CertificationState, number: String?, validFrom: String?, validUntil:
                String?, nextSurveillanceDue: String?, reason: String?, reportedBy: Actor, reportId: UUID?,
                changedAt: Date, registered: Bool? = nil, renewalDueOn: String? = nil) {
        self.registered = registered
        self.renewalDueOn = renewalDueOn
        self.certificateId = certificateId
        self.enterpriseId = enterpriseId
        self.productId = productId
        self.productName = productName
        self.requestId = requestId
        self.provinceCode = provinceCode
        self.standard = standard
        self.standardNameTH = standardNameTH
        self.standardNameEN = standardNameEN
        self.from = from
        self.to = to
        self.number = number
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.nextSurveillanceDue = nextSurveillanceDue
        self.reason = reason
        self.reportedBy = reportedBy
        self.reportId = reportId
        self.changedAt = changedAt
    }

    public var aggregateID: String { certificateId.lowercased }
    public var subject: String { "certificate/\(aggregateID)" }
}

/// `th.otop.certification.reminder-due.v1` on `otop.certifications`: a reminder at one of the configured
/// lead times (90, 60, 30, 7 days) before a certificate expires or a surveillance audit is due; emitted
/// exactly once per certificate, kind, lead time and due date. Key: the certificate id.
public struct CertificationReminderDue: EventPayload, Hashable {
    public static let eventType = "th.otop.certification.reminder-due.v1"
    public static let topic = Topic.certifications

    public var certificateId: UUID
    public var enterpriseId: UUID
    public var productId: UUID?
    public var productName: String?
    public var requestId: UUID?
    public var provinceCode: String
    public var standard: StandardCode
    public var standardNameTH: String
    public var standardNameEN: String
    public var kind: ReminderKind
    public var daysBefore: Int
    /// `YYYY-MM-DD`: the expiry or audit date.
    public var dueDate: String
    /// `YYYY-MM-DD`: the last day to file the renewal (the standard's lead time), for expiry reminders.
    public var renewBy: String?
    public var number: String?
    public var remindedAt: Date
    /// Added in v1 (optional, additive): the certificate's state when reminded.
    public var state: CertificationState?
    /// Added in v1 (optional, additive): `true` when the reminder was owed on an earlier day and
    /// is sent late (the tracker was down that day).
    public var caughtUp: Bool?

    public init(certificateId: UUID, enterpriseId: UUID, productId: UUID?, productName: String?, requestId: UUID?,
                provinceCode: String, standard: StandardCode, standardNameTH: String, standardNameEN: String, kind:
                ReminderKind, daysBefore: Int, dueDate: String, renewBy: String?, number: String?, remindedAt: Date,
                state: CertificationState? = nil, caughtUp: Bool? = nil) {
        self.state = state
        self.caughtUp = caughtUp
        self.certificateId = certificateId
        self.enterpriseId = enterpriseId
        self.productId = productId
        self.productName = productName
        self.requestId = requestId
        self.provinceCode = provinceCode
        self.standard = standard
        self.standardNameTH = standardNameTH
        self.standardNameEN = standardNameEN
        self.kind = kind
        self.daysBefore = daysBefore
        self.dueDate = dueDate
        self.renewBy = renewBy
        self.number = number
        self.remindedAt = remindedAt
    }

    public var aggregateID: String { certificateId.lowercased }
    public var subject: String { "certificate/\(aggregateID)" }
}

/// `th.otop.certification.report-refused.v1` on `otop.certifications`: a step report the state machine
/// refused (or that names an unknown certificate), with the state it was in and why; shown on the
/// request's timeline and told to the reporter. Key: the certificate id, or the enterprise id when no
/// certificate was found.
public struct CertificationReportRefused: EventPayload, Hashable {
    public static let eventType = "th.otop.certification.report-refused.v1"
    public static let topic = Topic.certifications

    public var reportId: UUID
    public var certificateId: UUID?
    public var enterpriseId: UUID
    public var requestId: UUID?
    public var standard: StandardCode
    public var step: CertificationState
    public var currentState: CertificationState?
    public var reason: String
    public var reportedBy: Actor
    public var refusedAt: Date
    /// Added in v1 (optional, additive): the product and the standard's names, for the message to
    /// the reporter.
    public var productId: UUID?
    public var productName: String?
    public var standardNameTH: String?
    public var standardNameEN: String?
    /// Added in v1 (optional, additive): the reason in Thai, the reporter's language by default
    /// (`reason` stays English, for logs and English readers).
    public var reasonTH: String?

    public init(reportId: UUID, certificateId: UUID?, enterpriseId: UUID, requestId: UUID?, standard: StandardCode,
                step: CertificationState, currentState: CertificationState?, reason: String, reportedBy: Actor,
                refusedAt: Date, productId: UUID? = nil, productName: String? = nil, standardNameTH: String? = nil,
                standardNameEN: String? = nil, reasonTH: String? = nil) {
        self.reasonTH = reasonTH
        self.productId = productId
        self.productName = productName
        self.standardNameTH = standardNameTH
        self.standardNameEN = standardNameEN
        self.reportId = reportId
        self.certificateId = certificateId
        self.enterpriseId = enterpriseId
        self.requestId = requestId
        self.standard = standard
        self.step = step
        self.currentState = currentState
        self.reason = reason
        self.reportedBy = reportedBy
        self.refusedAt = refusedAt
    }

    public var aggregateID: String { (certificateId ?? enterpriseId).lowercased }
    public var subject: String { certificateId == nil ? "enterprise/\(aggregateID)" : "certificate/\(aggregateID)" }
}