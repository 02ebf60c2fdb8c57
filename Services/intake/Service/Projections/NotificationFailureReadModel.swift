import Contracts
import Domain
import Foundation
import Postgres

/// Messages that failed for good (`intake.notification_failures`, from `notification.failed`),
/// each with the region officers follow it in: the request's province's region, else the
/// recipient's (an enterprise's province, an officers' office's region, a provider's home province,
/// the first it lists, else the first region it serves). Officers resolve them through the API
/// (``NotificationFailureStore``); a redelivered event changes nothing.
enum NotificationFailureReadModel {
    static func apply(_ event: CloudEvent<NotificationFailed>, on connection: PostgresConnection) async throws {
        let failure = event.data
        let region = try await region(of: failure, on: connection)
        try await connection.execute("""
            INSERT INTO intake.notification_failures (notification_id, template, channel, recipient_party_id, recipient_party_kind,
                request_id, region, reason, attempts, failed_at)
            VALUES (\(failure.notificationId), \(failure.template), \(failure.channel?.rawValue), \(failure.recipientPartyId),
                \(failure.recipientPartyKind.rawValue), \(failure.requestId), \(region?.rawValue), \(failure.reason),
                \(failure.attempts), \(failure.failedAt))
            ON CONFLICT (notification_id) DO NOTHING
            """)
    }

    /// The region of the failure's request, else of its recipient; `nil` when intake knows neither.
    private static func region(of failure: NotificationFailed, on connection: PostgresConnection) async throws -> Region? {
        let row = try await connection.query("""
            SELECT (SELECT province_code FROM intake.requests WHERE id = \(failure.requestId)) AS request_province,
                   (SELECT province_code FROM intake.enterprises WHERE id = \(failure.recipientPartyId)) AS enterprise_province,
                   (SELECT region FROM intake.contacts WHERE party_id = \(failure.recipientPartyId)) AS office_region,
                   (SELECT profile->'provinceCodes'->>0 FROM intake.providers WHERE id = \(failure.recipientPartyId)) AS provider_province,
                   (SELECT profile->'regions'->>0 FROM intake.providers WHERE id = \(failure.recipientPartyId)) AS provider_region
            """)[0]
        for column in ["request_province", "enterprise_province"] {
            if let code = try row.decode(String?.self, column: column) { return Province.withCode(code)?.region }
        }
        if failure.recipientPartyKind == .officer, let region = try row.decode(Region?.self, column: "office_region") { return region }
        if let code = try row.decode(String?.self, column: "provider_province") { return Province.withCode(code)?.region }
        return try row.decode(Region?.self, column: "provider_region")
    }
}
