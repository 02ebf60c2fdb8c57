import Contracts
import Domain
import Foundation
import Logging

/// The OpenAPI 3.1 description of intake's API, served at `/openapi.json` (Resources/openapi.json).
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url) else {
            fatalError("intake: openapi.json is missing from the resource bundle")
        }
        return Array(data)
    }()
}
