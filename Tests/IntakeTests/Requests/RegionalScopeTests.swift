import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import Testing

/// The regional offices come from `regions.json` (issue 16, point 5): a changed file moves a
/// province's requests to another office's scope: officers scoped to the region, the region filter
/// and the KPIs follow it, against the real PostgreSQL, without touching a stored row.
@Suite("Regional offices from the data file")
struct RegionalScopeTests {
    /// The bundled regions with Nakhon Sawan (TH-60) moved from the north to the central office.
    static func nakhonSawanInCentral() throws -> RegionalStructure {
        var offices = Region.allCases.map { RegionalStructure.bundledDefault[$0] }
        let north = offices.firstIndex { $0.region == .north }!, central = offices.firstIndex { $0.region == .central }!
        offices[north].provinceCodes.removeAll { $0 == "TH-60" }
        offices[central].provinceCodes.append("TH-60")
        return RegionalStructure(offices, version: 2)
    }

    @Test("a changed regions file moves a province's requests from the north's officers and KPIs to the centre's")
    func changedFileMovesRequests() async throws {
        try await RouteFixture.with { fixture in
            let call = fixture.call
            let officer = try await fixture.token(.officer)
            let north = try await fixture.token(.officer, region: .north)
            let central = try await fixture.token(.officer, region: .central)
            let registered = try await call.json(.post, "/v1/enterprises", token: officer, Samples.enterprise(province: "TH-60"))
            let enterprise = try #require(registered.id, "\(registered.text)")
            let submitted = try await call.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprise))
            let request = try #require(submitted.id, "\(submitted.text)")
            let year = try await call.send(.get, "/v1/requests/\(request.lowercased)", token: officer).decode(RequestView.self).fiscalYear

            /// What `token` sees of the request: by id, in its list, in the region filter, and where the KPIs count it.
            func seen(by token: String, as region: Region) async throws -> (byID: Bool, listed: Bool, filtered: Bool, counted: Int) {
                let byID = try await call.send(.get, "/v1/requests/\(request.lowercased)", token: token).status == .ok
                let list = try await call.send(.get, "/v1/requests", token: token).decode(Page<RequestView>.self)
                let filtered = try await call.send(.get, "/v1/requests?region=\(region.rawValue)", token: officer)
                    .decode(Page<RequestView>.self)
                let kpis = try await call.send(.get, "/v1/kpis/programme?fiscalYear=\(year)", token: officer).decode(ProgrammeKPIs.self)
                return (byID, list.items.contains { $0.id == request }, filtered.items.contains { $0.id == request },
                        kpis.byRegion.first { $0.region == region }?.requestsReceived ?? 0)
            }

            // The bundled file: the northern office serves the lower north, Nakhon Sawan included.
            var northView = try await seen(by: north, as: .north), centralView = try await seen(by: central, as: .central)
            #expect(northView == (true, true, true, 1))
            #expect(centralView == (false, false, false, 0))

            // A deployment's file moving TH-60 to the central office: the same stored request moves.
            try await RegionalStructure.$override.withValue(try Self.nakhonSawanInCentral()) {
                northView = try await seen(by: north, as: .north)
                centralView = try await seen(by: central, as: .central)
                #expect(northView == (false, false, false, 0))
                #expect(centralView == (true, true, true, 1))
                let enterprises = try await call.send(.get, "/v1/enterprises?region=central", token: central)
                #expect(try enterprises.decode(Page<EnterpriseView>.self).items.contains { $0.id == enterprise })
                let view = try await call.send(.get, "/v1/enterprises/\(enterprise.lowercased)", token: central).decode(EnterpriseView.self)
                #expect(view.region == "central")
            }
        }
    }
}
