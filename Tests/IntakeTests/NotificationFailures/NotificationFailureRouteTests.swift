import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import Testing

/// Messages that failed for good (docs/console.md, A7): every `notification.failed` listed with
/// its region (the request's, else the recipient's), names and no address; resolved once by an
/// officer of that region.
@Suite("Notification failures: listed and resolved")
struct NotificationFailureRouteTests {
    @Test("failures are listed newest first with their region and names, scoped; an officer resolves one once")
    func listAndResolve() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let officer = try await f.token(.officer), north = try await f.token(.officer, region: .north)
                let enterprise = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                                    Samples.enterprise(province: "TH-90", name: "กลุ่มทอผ้าสงขลา")).id)
                let provider = try #require(try await client.json(.post, "/v1/providers", token: officer,
                                                                  Samples.provider(provinces: ["TH-50"])).id)
                let submitted = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprise))
                let request = try #require(submitted.id), reference = try submitted.decode(SubmittedAnswer.self).reference
                let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
                let toEnterprise = UUID(), toProvider = UUID(), aboutRequest = UUID()
                try await f.deliver(
                    NotificationFailed(notificationId: toEnterprise, template: "request-received", channel: .sms,
                                       recipientPartyId: enterprise, recipientPartyKind: .enterprise, requestId: nil, causeEventId: UUID(),
                                       reason: "gateway refused the number", attempts: 5, failedAt: start),
                    NotificationFailed(notificationId: toProvider, template: "weekly-digest", channel: .email,
                                       recipientPartyId: provider, recipientPartyKind: .provider, requestId: nil, causeEventId: UUID(),
                                       reason: "550", attempts: 1, failedAt: start.addingTimeInterval(1)),
                    // The request's region wins over the (northern) provider's.
                    NotificationFailed(notificationId: aboutRequest, template: "proposal-to-provider", channel: nil,
                                       recipientPartyId: provider, recipientPartyKind: .provider, requestId: request, causeEventId: UUID(),
                                       reason: "no contacts", attempts: 0, failedAt: start.addingTimeInterval(2)))
                let all = try await client.send(.get, "/v1/notification-failures", token: officer).decode(Page<NotificationFailureView>.self)
                #expect(all.items.map(\.id) == [aboutRequest, toProvider, toEnterprise])
                #expect(all.items.map(\.region) == [.south, .north, .south])
                #expect(all.items[0].requestReference == reference && all.items[0].recipientName == "คลินิกเทคโนโลยีทดสอบ")
                #expect(all.items[2].recipientName == "กลุ่มทอผ้าสงขลา" && all.items[2].channel == "sms" && all.items[2].attempts == 5)
                let body = try await client.send(.get, "/v1/notification-failures", token: officer).text
                #expect(!body.contains("081") && !body.contains("@"), "no phone or address in the list")
                let scoped = try await client.send(.get, "/v1/notification-failures", token: north).decode(Page<NotificationFailureView>.self)
                #expect(scoped.items.map(\.id) == [toProvider])
                #expect(try await client.send(.get, "/v1/notification-failures?region=south", token: north)
                    .decode(Page<NotificationFailureView>.self).items.isEmpty)
                #expect(try await client.send(.get, "/v1/notification-failures?region=south&limit=1", token: officer)
                    .decode(Page<NotificationFailureView>.self).next?.contains("region=south") == true)

                let path = "/v1/notification-failures/\(toEnterprise.lowercased)/resolution"
                #expect(try await client.send(.post, path, token: north, json: ["note": "แก้แล้ว"]).status == .notFound)
                let empty = try await client.send(.post, path, token: officer, json: ["note": "  "])
                #expect(empty.status == .unprocessableContent && empty.pointers == ["/note"])
                let resolved = try await client.send(.post, path, token: officer, json: ["note": "แก้ไขเบอร์โทรศัพท์แล้ว"])
                #expect(resolved.status == .ok, "\(resolved.text)")
                let view = try resolved.decode(NotificationFailureView.self)
                #expect(view.resolution == "แก้ไขเบอร์โทรศัพท์แล้ว" && view.resolvedBy == "officer test" && view.resolvedAt != nil)
                let again = try await client.send(.post, path, token: officer, json: ["note": "อีกครั้ง"])
                #expect(again.status == .conflict)
                #expect(try await client.send(.get, "/v1/notification-failures?resolved=false", token: officer)
                    .decode(Page<NotificationFailureView>.self).items.map(\.id) == [aboutRequest, toProvider])
                #expect(try await client.send(.get, "/v1/notification-failures?resolved=true", token: officer)
                    .decode(Page<NotificationFailureView>.self).items.map(\.id) == [toEnterprise])
                #expect(try await client.send(.get, "/v1/notification-failures?resolved=maybe", token: officer).fields == ["resolved"])
                let operatorToken = try await f.token(.operator)
                #expect(try await client.send(.post, path, token: operatorToken, json: ["note": "x"]).status == .forbidden)
                #expect(try await client.send(.get, "/v1/notification-failures", token: operatorToken).status == .ok)
            }
        }
    }
}
