import Contracts
import Domain
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import IntakeService
import Postgres
import Testing

/// `GET /v1/access-log`: the reads of personal data by other parties, for officers (of the region)
/// and operators; filters, paging, scope, and no personal data in the entries themselves.
@Suite("Intake: the access log")
struct AccessLogRouteTests {
    struct World {
        var northEnterprise: UUID
        var southEnterprise: UUID
        var northProvider: UUID
        var southProvider: UUID
        var northProviderToken: String
        var southProviderToken: String
        var northEnterpriseToken: String
    }

    /// An enterprise in Chiang Mai (north) and one in Songkhla (south), each with a request assigned
    /// to a provider of its region.
    func world(_ f: RouteFixture) async throws -> World {
        let officer = try await f.token(.officer)
        var enterprises: [UUID] = [], providers: [UUID] = []
        for (province, region) in [("TH-50", "north"), ("TH-90", "south")] {
            let enterprise = try await f.call.json(.post, "/v1/enterprises", token: officer, Samples.enterprise(province: province))
            enterprises.append(try #require(enterprise.id, "\(enterprise.text)"))
            let provider = try await f.call.json(.post, "/v1/providers", token: officer, Samples.provider(regions: [region]))
            providers.append(try #require(provider.id, "\(provider.text)"))
        }
        for (enterprise, provider) in zip(enterprises, providers) {
            let submitted = try await f.call.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprise))
            let request = try #require(submitted.id, "\(submitted.text)")
            try await f.deliver(MatchAssigned(
                assignmentId: UUID(), requestId: request, requestReference: try submitted.decode(SubmittedAnswer.self).reference,
                enterpriseId: enterprise, providerId: provider, proposalId: nil, manual: true, fiscalYear: 2570,
                region: provider == providers[0] ? .north : .south,
                coupon: CouponAmounts(valueBaht: 100_000, enterpriseShareBaht: 0, programmeShareBaht: 100_000),
                assignedBy: Actor(role: .officer), assignedAt: Date()))
        }
        return World(northEnterprise: enterprises[0], southEnterprise: enterprises[1], northProvider: providers[0],
                     southProvider: providers[1], northProviderToken: try await f.token(.provider, provider: providers[0]),
                     southProviderToken: try await f.token(.provider, provider: providers[1]),
                     northEnterpriseToken: try await f.token(.enterprise, enterprise: enterprises[0]))
    }

    @Test("officers and operators read who read what, newest first, by party and by reader, paged; scoped officers their region's; enterprises and providers never")
    func readsTheLog() async throws {
        try await RouteFixture.with { f in
            let w = try await world(f)
            // The north provider reads its enterprise's contacts three times and the enterprise once,
            // the north enterprise its provider's contacts once, the south provider its enterprise's once.
            for _ in 0..<3 {
                #expect(try await f.call.send(.get, "/v1/contacts/\(w.northEnterprise.lowercased)", token: w.northProviderToken).status == .ok)
            }
            #expect(try await f.call.send(.get, "/v1/enterprises/\(w.northEnterprise.lowercased)", token: w.northProviderToken).status == .ok)
            #expect(try await f.call.send(.get, "/v1/contacts/\(w.northProvider.lowercased)", token: w.northEnterpriseToken).status == .ok)
            #expect(try await f.call.send(.get, "/v1/contacts/\(w.southEnterprise.lowercased)", token: w.southProviderToken).status == .ok)
            // Refused reads leave nothing: another region's enterprise.
            #expect(try await f.call.send(.get, "/v1/contacts/\(w.southEnterprise.lowercased)", token: w.northProviderToken).status
                == .notFound)
            #expect(try await f.call.send(.get, "/v1/enterprises/\(w.southEnterprise.lowercased)", token: w.northProviderToken).status
                == .notFound)

            let operatorToken = try await f.token(.operator)
            let all = try await f.call.send(.get, "/v1/access-log", token: operatorToken)
            #expect(all.status == .ok, "\(all.text)")
            let entries = try all.decode(Page<AccessLogEntryView>.self).items
            #expect(entries.count == 6)
            #expect(entries.map(\.readAt) == entries.map(\.readAt).sorted(by: >), "newest first")
            #expect(entries.first?.readerPartyId == w.southProvider && entries.first?.partyId == w.southEnterprise)
            // No personal data in the log: ids, field names, routes.
            let own = try await f.call.send(.get, "/v1/contacts/\(w.northEnterprise.lowercased)", token: w.northEnterpriseToken)
            let phone = try #require(try own.decode(ContactsView.self).contacts.first?.phone)
            for text in [phone, "somsri", "นางสมศรี", "coordinator@", "ดร.ทดสอบ"] {
                #expect(!all.text.contains(text), "the access log shows no \(text)")
            }

            let aboutNorth = try await f.call.send(.get, "/v1/access-log?partyId=\(w.northEnterprise.lowercased)", token: operatorToken)
                .decode(Page<AccessLogEntryView>.self).items
            #expect(aboutNorth.count == 4 && aboutNorth.allSatisfy { $0.readerPartyId == w.northProvider })
            #expect(aboutNorth.map(\.route).filter { $0 == "GET /v1/contacts/{partyId}" }.count == 3)
            let byEnterprise = try await f.call.send(.get, "/v1/access-log?readerPartyId=\(w.northEnterprise.lowercased)",
                                                     token: operatorToken).decode(Page<AccessLogEntryView>.self).items
            #expect(byEnterprise.map(\.partyId) == [w.northProvider] && byEnterprise.first?.partyKind == .provider)
            #expect(byEnterprise.first?.fields == [.contactNames, .contactEmails])

            // Paging keeps the filter.
            var next: String? = "/v1/access-log?partyId=\(w.northEnterprise.lowercased)&limit=3"
            var paged: [UUID] = []
            while let path = next {
                let page = try await f.call.send(.get, path, token: operatorToken).decode(Page<AccessLogEntryView>.self)
                paged += page.items.map(\.id)
                next = page.next
                if let next { #expect(next.contains("partyId=") && next.contains("cursor=")) }
            }
            #expect(paged == aboutNorth.map(\.id))

            // Scoped officers see their region's entries; another region's filter is an empty page.
            let north = try await f.token(.officer, region: .north), south = try await f.token(.officer, region: .south)
            let northEntries = try await f.call.send(.get, "/v1/access-log", token: north).decode(Page<AccessLogEntryView>.self).items
            #expect(northEntries.count == 5 && northEntries.allSatisfy { $0.regions == [.north] })
            let southEntries = try await f.call.send(.get, "/v1/access-log", token: south).decode(Page<AccessLogEntryView>.self).items
            #expect(southEntries.map(\.partyId) == [w.southEnterprise])
            #expect(try await f.call.send(.get, "/v1/access-log?region=south", token: north).decode(Page<AccessLogEntryView>.self)
                .items.isEmpty)
            #expect(try await f.call.send(.get, "/v1/access-log?region=south", token: operatorToken)
                .decode(Page<AccessLogEntryView>.self).items.count == 1)

            // Parties never read the log; a bad filter is a 422 naming it.
            #expect(try await f.call.send(.get, "/v1/access-log", token: w.northEnterpriseToken).status == .forbidden)
            #expect(try await f.call.send(.get, "/v1/access-log", token: w.northProviderToken).status == .forbidden)
            let bad = try await f.call.send(.get, "/v1/access-log?partyId=somsri&readerPartyId=1", token: operatorToken)
            #expect(bad.status == .unprocessableContent && Set(bad.fields) == ["partyId", "readerPartyId"])
        }
    }

    @Test("an officer's read of contact persons is recorded with every field shown; an operator's masked read and a party's read of its own are not")
    func officersReads() async throws {
        try await RouteFixture.with { f in
            let w = try await world(f)
            let officer = try await f.token(.officer), operatorToken = try await f.token(.operator)
            let path = "/v1/contacts/\(w.northEnterprise.lowercased)"
            #expect(try await f.call.send(.get, path, token: operatorToken).status == .ok)
            #expect(try await f.call.send(.get, path, token: w.northEnterpriseToken).status == .ok)
            #expect(try await f.count("SELECT count(*) AS n FROM intake.access_log") == 0)
            #expect(try await f.call.send(.get, path, token: officer).status == .ok)
            let entries = try await f.call.send(.get, "/v1/access-log", token: operatorToken).decode(Page<AccessLogEntryView>.self).items
            let entry = try #require(entries.first)
            #expect(entries.count == 1)
            #expect(entry.readerRole == .officer && entry.readerPartyId == nil && entry.partyId == w.northEnterprise)
            #expect(entry.fields == [.contactNames, .contactPhones, .contactEmails] && entry.requestId == nil && entry.regions == [.north])
        }
    }
}
