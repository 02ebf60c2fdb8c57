import Foundation
import HTTPTypes
import Hummingbird

/// The version of a resource that can be updated, as its strong `ETag` (`"3"`), and the
/// `If-Match` check of an update: 428 without it, 412 when it names another version; for a `PUT`
/// that may create its resource, `If-None-Match: *` to create and `If-Match` to change
/// (``creatingOrChanging(by:)``).
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

    /// The precondition of a `PUT` that may create its resource (RFC 9110 §13.1): `If-None-Match: *`
    /// creates it (412 when it exists), `If-Match` changes it (412 when it does not exist yet or
    /// names another version: `*` means "only if it exists"); 428 when neither is sent. When both
    /// are sent, `If-Match` is evaluated (§13.2.2).
    static func creatingOrChanging(by request: Request) throws(Problem) -> Precondition {
        if request.headers[.ifMatch] != nil { return .change(try required(by: request)) }
        guard let header = request.headers[.ifNoneMatch] else { throw Problem.createOrChangePreconditionRequired }
        let tags = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if tags.contains("*") { return .create }
        // Weak comparison for If-None-Match (§13.1.2): W/"3" names version 3 too.
        return .unlessOneOf(Set(tags.compactMap { tag -> Int? in
            let strong = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
            guard strong.hasPrefix("\""), strong.hasSuffix("\""), strong.count >= 3 else { return nil }
            return Int(strong.dropFirst().dropLast())
        }))
    }

    /// What a `PUT` that may create its resource asked for.
    enum Precondition: Sendable {
        /// `If-None-Match: *`: only if there is no resource yet.
        case create
        /// `If-None-Match` with tags: unless the current version is one of them.
        case unlessOneOf(Set<Int>)
        /// `If-Match`: only if the resource exists (in one of the versions named).
        case change(Expectation)

        /// Throws 412 unless the resource's state (`current`, `nil` when it does not exist) is what
        /// the client asked for.
        func check(_ current: EntityVersion?) throws(Problem) {
            switch (self, current) {
            case (.create, nil), (.unlessOneOf, nil): return
            case (.create, let current?): throw Problem.alreadyExists(current: current.etag)
            case (.unlessOneOf(let versions), let current?):
                if versions.contains(current.number) { throw Problem.preconditionFailed(current: current.etag) }
            case (.change, nil): throw Problem.doesNotExistYet
            case (.change(let expectation), let current?): try expectation.check(current)
            }
        }
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
