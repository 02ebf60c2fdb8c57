import Contracts
import Domain
import Foundation
import Timestamps

extension CertificateRecord {
    /// The event for a change of this certificate (already saved in its new state) from `from`.
    func stepChanged(from: CertificationState, definition: StandardDefinition, reason: String?, reportedBy: Actor,
                     reportId: UUID?, at time: Date, registered: Bool? = nil) -> CertificationStepChanged {
        CertificationStepChanged(
            certificateId: id, enterpriseId: enterpriseId, productId: productId, productName: productName,
            requestId: requestId, provinceCode: provinceCode ?? "", standard: standard, standardNameTH: definition.nameTH,
            standardNameEN: definition.nameEN, from: from, to: state, number: number, validFrom: validFrom?.description,
            validUntil: validUntil?.description, nextSurveillanceDue: nextSurveillanceDue?.description, reason: reason,
            reportedBy: reportedBy, reportId: reportId, changedAt: time, registered: registered,
            renewalDueOn: renewalDueOn(definition)?.description)
    }

    /// The reminder event for `key`.
    func reminderDue(_ key: ReminderKey, definition: StandardDefinition, caughtUp: Bool, at time: Date) -> CertificationReminderDue {
        CertificationReminderDue(
            certificateId: id, enterpriseId: enterpriseId, productId: productId, productName: productName,
            requestId: requestId, provinceCode: provinceCode ?? "", standard: standard, standardNameTH: definition.nameTH,
            standardNameEN: definition.nameEN, kind: key.kind, daysBefore: key.daysBefore, dueDate: key.dueDate.description,
            renewBy: key.kind == .expiry ? renewalDueOn(definition)?.description : nil, number: number, remindedAt: time,
            state: state, caughtUp: caughtUp)
    }

    /// The day the renewal falls due, when the certificate expires.
    func renewalDueOn(_ definition: StandardDefinition) -> CivilDate? {
        guard let validUntil, let lead = definition.renewalLeadDays else { return nil }
        return validUntil.adding(days: -lead)
    }
}
