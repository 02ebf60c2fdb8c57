import Contracts
import Domain
import Foundation
import Messaging
import Postgres

extension TimelineHandler {
    /// Certification's events on the request timelines and in intake's certificate read model. (The
    /// assignments that let a provider report its request's certificate steps are kept by the
    /// journey's `match.*` routes in ``AssignmentReadModel``: each event type has only one route.)
    func registerCertification(_ routes: inout EventRoutes) {
        routes.on(CertificationPlanned.self) { event, context in
            let planned = event.data
            try await CertificationReadModel.apply(event, on: context.connection)
            try await RequestStore.appendTimeline(event: event.header, requestID: planned.requestId, summary: [
                "certificateId": planned.certificateId.uuidString.lowercased(), "standard": planned.standard.rawValue,
                "state": planned.state.rawValue], on: context.connection)
        }
        routes.on(CertificationStepChanged.self) { event, context in
            let change = event.data
            try await CertificationReadModel.apply(event, on: context.connection)
            guard let request = change.requestId else { return }
            var summary = ["certificateId": change.certificateId.uuidString.lowercased(), "standard": change.standard.rawValue,
                           "from": change.from.rawValue, "state": change.to.rawValue, "reportedBy": change.reportedBy.role.rawValue]
            summary["number"] = change.number
            summary["validUntil"] = change.validUntil
            summary["reason"] = change.reason
            try await RequestStore.appendTimeline(event: event.header, requestID: request, summary: summary, on: context.connection)
        }
        routes.on(CertificationReminderDue.self) { event, context in
            let reminder = event.data
            try await CertificationReadModel.apply(event, on: context.connection)
            guard let request = reminder.requestId else { return }
            try await RequestStore.appendTimeline(event: event.header, requestID: request, summary: [
                "certificateId": reminder.certificateId.uuidString.lowercased(), "standard": reminder.standard.rawValue,
                "kind": reminder.kind.rawValue, "daysBefore": "\(reminder.daysBefore)", "dueDate": reminder.dueDate],
                on: context.connection)
        }
        routes.on(CertificationReportRefused.self) { event, context in
            let refusal = event.data
            try await CertificationReadModel.apply(event, on: context.connection)
            guard let request = refusal.requestId else { return }
            var summary = ["standard": refusal.standard.rawValue, "step": refusal.step.rawValue, "reason": refusal.reason,
                           "reportedBy": refusal.reportedBy.role.rawValue]
            summary["certificateId"] = refusal.certificateId?.uuidString.lowercased()
            summary["currentState"] = refusal.currentState?.rawValue
            summary["reasonTH"] = refusal.reasonTH
            try await RequestStore.appendTimeline(event: event.header, requestID: request, summary: summary, on: context.connection)
        }
    }
}
