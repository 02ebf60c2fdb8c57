import Domain
import Foundation
import HTTPTypes
import Postgres
import Testing
@testable import IntakeService

/// The standards catalogue split `herbalLicence` (issue 16, point 5): rows stored before the split
/// are moved by migration 0070, against the real PostgreSQL: a request's target standard reads as
/// the cosmetic notification, and a provider able to help with the old entry can help with both new
/// ones (each once, in the order the provider listed them).
@Suite("Migration 0070: the retired herbalLicence")
struct RetiredStandardMigrationTests {
    @Test("stored herbalLicence rows become cosmeticNotification; a provider's list gets both new codes once")
    func storedRowsMove() async throws {
        try await RouteFixture.with { fixture in
            let officer = try await fixture.token(.officer)
            let registered = try await fixture.call.json(.post, "/v1/enterprises", token: officer, Samples.enterprise(province: "TH-50"))
            let enterprise = try #require(registered.id, "\(registered.text)")
            let submitted = try await fixture.call.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprise))
            let request = try #require(submitted.id, "\(submitted.text)")
            let listed = UUID(), both = UUID()
            // As a release before the split stored them.
            try await fixture.pool.execute("UPDATE intake.requests SET target_standard = 'herbalLicence' WHERE id = \(request)")
            for (id, standards) in [(listed, #"["gmp", "herbalLicence", "tcps"]"#), (both, #"["herbalLicence", "cosmeticNotification"]"#)] {
                try await fixture.pool.execute("""
                    INSERT INTO intake.providers (id, name, kind, profile, capacity, qualified)
                    VALUES (\(id), \("provider \(id)"), \(ProviderKind.university.rawValue),
                            jsonb_build_object('regions', '["north"]'::jsonb, 'provinceCodes', '[]'::jsonb, 'standards', \(standards)::jsonb),
                            5, true)
                    """)
            }

            // Migration 0070 again, as on a database written before it.
            try await fixture.pool.execute("DELETE FROM public.otop_schema_migrations WHERE schema = 'intake' AND version = 70")
            let applied = try await IntakeService.migrator().migrate(on: fixture.pool, logger: fixture.logger)
            #expect(applied == [70])

            let target = try await fixture.pool.query("SELECT target_standard FROM intake.requests WHERE id = \(request)")
                .map { try $0.decode(String.self, column: "target_standard") }
            #expect(target == ["cosmeticNotification"])
            func standards(_ id: UUID) async throws -> [String] {
                let text = try await fixture.pool.query("SELECT (profile -> 'standards')::text AS s FROM intake.providers WHERE id = \(id)")
                    .map { try $0.decode(String.self, column: "s") }.first ?? "[]"
                return try JSONDecoder().decode([String].self, from: Data(text.utf8))
            }
            #expect(try await standards(listed) == ["gmp", "cosmeticNotification", "herbalProductLicence", "tcps"])
            #expect(try await standards(both) == ["cosmeticNotification", "herbalProductLicence"])
            // The read side agrees: the request's view names a current code.
            let view = try await fixture.call.send(.get, "/v1/requests/\(request.lowercased)", token: officer)
            #expect(view.text.contains("cosmeticNotification") && !view.text.contains("herbalLicence"))
        }
    }
}
