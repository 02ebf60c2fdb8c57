import Foundation
import HTTPTypes
@testable import IntakeService

/// A CSV file's bytes from its lines.
func csvFile(_ lines: [String], byteOrderMark: Bool = false, lineEnd: String = "\r\n") -> [UInt8] {
    (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array((lines.joined(separator: lineEnd) + lineEnd).utf8)
}

extension RouteClient {
    /// `POST path` with `body` as `text/csv` (or `contentType`), as `token`, in `language`.
    func post(_ path: String, csv body: [UInt8], token: String?, contentType: String? = "text/csv",
              language: String? = nil) async throws -> Answer {
        var headers: HTTPFields = [:]
        if let language { headers[.acceptLanguage] = language }
        return try await send(.post, path, token: token, body: body, contentType: contentType, headers: headers)
    }
}

extension RouteClient.Answer {
    /// The import report, decoded.
    func report() throws -> ImportReport { try decode(ImportReport.self) }
}

/// A client of each role on a fixture of one's own (an import brings its own parties).
struct RoleTokens {
    let officer: String
    let operatorToken: String
    let enterprise: String
    let provider: String

    init(_ fixture: RouteFixture) async throws {
        officer = try await fixture.token(.officer)
        operatorToken = try await fixture.token(.operator)
        enterprise = try await fixture.token(.enterprise, enterprise: UUID())
        provider = try await fixture.token(.provider, provider: UUID())
    }
}
