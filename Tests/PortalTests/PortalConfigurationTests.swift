import Foundation
import JWTKit
@testable import PortalService
import ServiceRuntime
import Testing

@Suite struct PortalConfigurationTests {
    let environment: [String: String] = ["DATABASE_URL": "postgresql://otop@127.0.0.1:5432/otop", "PORTAL_JWT_KEY_ID": "portal-1"]

    @Test func aKeyWrittenInOneLineWithEscapedLineBreaksIsReadAsItsPEM() async throws {
        let pem = ES256PrivateKey().pemRepresentation
        let oneLine = pem.replacingOccurrences(of: "\n", with: "\\n")
        #expect(!oneLine.contains("\n"))
        let configuration = try PortalConfiguration(
            environment: EnvironmentReader(environment.merging(["PORTAL_JWT_PRIVATE_KEY": oneLine]) { $1 }), defaultHTTPPort: 8084)
        #expect(configuration.token.privateKeyPEM == pem)
        _ = try await PortalTokenSigner(settings: configuration.token)
    }

    @Test func theHTTPPortDefaultsToTheDeclaredOneAndAMissingKeyIsNamed() throws {
        let missing = #expect(throws: ConfigurationError.self) {
            try PortalConfiguration(environment: EnvironmentReader(environment), defaultHTTPPort: 8084)
        }
        #expect(missing?.variable == "PORTAL_JWT_PRIVATE_KEY")
        let configuration = try PortalConfiguration(
            environment: EnvironmentReader(environment.merging(["PORTAL_JWT_PRIVATE_KEY": ES256PrivateKey().pemRepresentation]) { $1 }),
            defaultHTTPPort: 8084)
        #expect(configuration.httpPort == 8084)
    }
}
