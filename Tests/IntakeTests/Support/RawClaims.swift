import Foundation
import JWTKit

/// Claims given as raw JSON, for signing test tokens of any shape.
struct RawClaims: JWTPayload {
    let json: Data

    init(json: Data) { self.json = json }

    init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "only for signing"))
    }

    func encode(to encoder: any Encoder) throws {
        let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
        var container = encoder.container(keyedBy: AnyKey.self)
        for (name, value) in object {
            let key = AnyKey(stringValue: name)
            switch value {
            case let text as String: try container.encode(text, forKey: key)
            case let number as NSNumber: try container.encode(number.doubleValue, forKey: key)
            case let list as [String]: try container.encode(list, forKey: key)
            default: break
            }
        }
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
