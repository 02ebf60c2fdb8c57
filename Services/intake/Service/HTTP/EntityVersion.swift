import Foundation
import HTTPTypes
import Hummingbird

/// The version of a resource that can be updated, as its strong `ETag` (`"3"`), and the
/// `If-Match` check of an update: 428 without it, 412 when it names another version.
struct EntityVersion: Sendable, Equatable {
    var number: Int

    var etag: String { "\"\(number)\"" }

    /// The version an update's `If-Match` names; 428 when the header is missing. `*` matches any
    /// version (the resource exists: the route answers 404 otherwise). A list of tags matches
    /// when one of them does.
    static func required(by request: Request) throws(Problem) -> Expectation {
        guard let header = request.headers[.ifMatch] else { throw Problem.preconditionRequired }
        let tags = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if tags.contains("*") { return .any }
        // Weak tags never match for If-Match (RFC 9110 §13.1.1: strong comparison).
        return .oneOf(Set(tags.compactMap { tag -> Int? in
            guard tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 3 else { return nil }
            return Int(tag.dropFirst().dropLast())
        }))
    }

    /// What `If-Match` asked for.
    enum Expectation: Sendable {
        case any
        case oneOf(Set<Int>)

        /// Throws 412 (with the current ETag) unless `current` is what the client read.
        func check(_ current: EntityVersion) throws(Problem) {
            switch self {
            case .any: return
            case .oneOf(let versions):
                guard versions.contains(current.number) else { throw Problem.preconditionFailed(current: current.etag) }
            }
        }
    }
}
