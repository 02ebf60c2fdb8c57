import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// An RFC 9457 problem-details answer (`application/problem+json`): what went wrong, in Thai or
/// English as `Accept-Language` prefers (Thai by default), and for invalid input which fields (a
/// JSON Pointer into the body, RFC 6901) or parameters, so a client can point at what to fix.
public struct Problem: HTTPResponseError, Sendable, Equatable {
    /// One field or parameter at fault.
    public struct FieldError: Sendable, Equatable {
        /// JSON Pointer of a body field (`/serviceAreas/1`), or `nil` for a parameter.
        public var pointer: String?
        /// Name of a query parameter or header (`limit`, `If-Match`), or `nil` for a body field.
        public var parameter: String?
        public var detail: LocalizedText

        /// A body field, by JSON Pointer or by its dotted path (`products[0].name` becomes `/products/0/name`).
        public init(field: String, detail: LocalizedText) {
            self.pointer = Self.pointer(field)
            self.parameter = nil
            self.detail = detail
        }

        /// A query parameter or header.
        public init(parameter: String, detail: LocalizedText) {
            self.pointer = nil
            self.parameter = parameter
            self.detail = detail
        }

        /// `products[0].name` → `/products/0/name`; a pointer stays as it is.
        static func pointer(_ path: String) -> String {
            if path.hasPrefix("/") || path.isEmpty { return path }
            var result = "/"
            for character in path {
                switch character {
                case "[", ".": if result.last != "/" { result.append("/") }
                case "]": break
                default: result.append(character)
                }
            }
            return result
        }

        /// The pointer or parameter, for messages.
        public var location: String { pointer ?? parameter ?? "" }
    }

    public var status: HTTPResponse.Status
    /// A URI reference naming the problem type, e.g. `/problems/validation-failed`.
    public var type: String
    public var title: LocalizedText
    public var detail: LocalizedText?
    public var errors: [FieldError]
    /// The state that made the action illegal (409 from the journey's state machine), as the
    /// problem's `currentState` member.
    public var currentState: String?
    /// Extra response headers (e.g. `WWW-Authenticate`, `Allow`).
    public var headers: HTTPFields
    /// Extension members with a number (e.g. `limit` for a body too large).
    public var numbers: [String: Int]

    public init(status: HTTPResponse.Status, type: String, title: LocalizedText, detail: LocalizedText? = nil,
                errors: [FieldError] = [], headers: HTTPFields = [:], numbers: [String: Int] = [:]) {
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
        self.numbers = numbers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let language = Language.preferred(by: request.headers[.acceptLanguage])
        var object: [String: Any] = [
            "type": type, "title": title.text(in: language), "status": Int(status.code), "instance": request.uri.path,
        ]
        if let detail { object["detail"] = detail.text(in: language) }
        for (name, value) in numbers { object[name] = value }
        if !errors.isEmpty {
            object["errors"] = errors.map { error -> [String: String] in
                var item = ["detail": error.detail.text(in: language)]
                if let pointer = error.pointer { item["pointer"] = pointer }
                if let parameter = error.parameter { item["parameter"] = parameter }
                return item
            }
        }
        if let currentState { object["currentState"] = currentState }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        var fields = headers
        fields[.contentType] = "application/problem+json"
        fields[.contentLanguage] = language.rawValue
        fields[.vary] = "Accept-Language"
        // HEAD answers carry the headers only.
        let body = request.method == .head ? ByteBuffer() : ByteBuffer(bytes: data)
        return Response(status: status, headers: fields, body: .init(byteBuffer: body))
    }
}

extension Problem {
    /// 422: fields or parameters are missing or invalid.
    public static func validation(_ errors: [FieldError]) -> Problem {
        Problem(status: .unprocessableContent, type: "/problems/validation-failed", title: Messages.validationTitle,
                detail: Messages.invalidFields(errors.map(\.location)), errors: errors)
    }

    /// 422 for one query parameter or header.
    public static func invalidParameter(_ name: String, _ detail: LocalizedText) -> Problem {
        validation([FieldError(parameter: name, detail: detail)])
    }

    /// 400: the body is not JSON of the expected shape.
    public static func malformedBody(_ detail: LocalizedText, field: String? = nil) -> Problem {
        Problem(status: .badRequest, type: "/problems/malformed-body", title: Messages.malformedTitle,
                detail: detail, errors: field.map { [FieldError(field: $0, detail: detail)] } ?? [])
    }

    /// 401: no valid bearer token.
    public static func unauthenticated(_ detail: LocalizedText) -> Problem {
        Problem(status: .unauthorized, type: "/problems/unauthenticated", title: Messages.unauthenticatedTitle,
                detail: detail, headers: [.wwwAuthenticate: "Bearer realm=\"otop\""])
    }

    /// 403: authenticated, but the role (or the region it is scoped to) may not do this.
    public static func forbidden(_ detail: LocalizedText) -> Problem {
        Problem(status: .forbidden, type: "/problems/forbidden", title: Messages.forbiddenTitle, detail: detail)
    }

    /// 403 naming the field whose value the client may not use (another enterprise, a province
    /// outside the officer's region).
    public static func forbidden(_ detail: LocalizedText, field: String) -> Problem {
        Problem(status: .forbidden, type: "/problems/forbidden", title: Messages.forbiddenTitle, detail: detail,
                errors: [FieldError(field: field, detail: detail)])
    }

    /// 404 for a body field naming something that does not exist (an enterprise, a product).
    public static func unknownReference(_ field: String, _ detail: LocalizedText) -> Problem {
        Problem(status: .notFound, type: "/problems/unknown-reference", title: Messages.notFoundTitle, detail: detail,
                errors: [FieldError(field: field, detail: detail)])
    }

    /// 404: nothing here, or nothing this client may see (an enterprise never learns about another's data).
    /// `name` is the id or key that was asked for.
    public static func notFound(_ what: MissingResource, _ name: String) -> Problem {
        Problem(status: .notFound, type: "/problems/not-found", title: Messages.notFoundTitle, detail: Messages.notFound(what, name))
    }

    /// 409: the state does not allow this.
    public static func conflict(_ detail: LocalizedText) -> Problem {
        Problem(status: .conflict, type: "/problems/conflict", title: Messages.conflictTitle, detail: detail)
    }

    /// 409 naming the fields of a valid body that conflict with what is stored (a contact person
    /// or a channel address the stored record does not have).
    public static func conflict(_ errors: [FieldError]) -> Problem {
        Problem(status: .conflict, type: "/problems/conflict", title: Messages.conflictTitle,
                detail: Messages.patchConflict(errors.map(\.location)), errors: errors)
    }

    /// 409: the journey's state machine rules the action out in the state the resource is in (the
    /// `currentState` member names it).
    public static func illegalState(_ refusal: JourneyRefusal) -> Problem {
        var problem = Problem(status: .conflict, type: "/problems/illegal-state", title: Messages.illegalStateTitle,
                              detail: Messages.illegalState(refusal))
        problem.currentState = refusal.currentState
        return problem
    }

    /// 415: not the expected media type.
    public static func unsupportedMediaType(_ detail: LocalizedText) -> Problem {
        Problem(status: .unsupportedMediaType, type: "/problems/unsupported-media-type",
                title: Messages.unsupportedMediaTitle, detail: detail)
    }

    /// 413: the body is larger than `limit` bytes.
    public static func tooLarge(limit: Int) -> Problem {
        Problem(status: .contentTooLarge, type: "/problems/body-too-large", title: Messages.tooLargeTitle,
                detail: Messages.tooLarge(limit: limit), numbers: ["limit": limit])
    }

    /// 405 with `Allow`.
    public static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [String]) -> Problem {
        Problem(status: .methodNotAllowed, type: "/problems/method-not-allowed", title: Messages.methodNotAllowedTitle,
                detail: Messages.methodNotAllowed(method.rawValue, allowed: allowed),
                headers: [.allow: allowed.joined(separator: ", ")])
    }

    /// 412: `If-Match` names another version than the current one.
    public static func preconditionFailed(current: String) -> Problem {
        Problem(status: .preconditionFailed, type: "/problems/stale-version", title: Messages.preconditionFailedTitle,
                detail: Messages.staleVersion(current: current), headers: [.eTag: current])
    }

    /// 412 for `If-None-Match: *` when the resource exists already: read it and change it with its `ETag`.
    public static func alreadyExists(current: String) -> Problem {
        Problem(status: .preconditionFailed, type: "/problems/already-exists", title: Messages.preconditionFailedTitle,
                detail: Messages.alreadyExists(current: current), headers: [.eTag: current])
    }

    /// 412 for `If-Match` when the resource does not exist yet (RFC 9110 §13.1.1: even `*` needs a
    /// current representation): create it with `If-None-Match: *`.
    public static var doesNotExistYet: Problem {
        Problem(status: .preconditionFailed, type: "/problems/does-not-exist-yet", title: Messages.preconditionFailedTitle,
                detail: Messages.doesNotExistYet)
    }

    /// 428: a `PUT` that may create its resource with neither `If-None-Match` nor `If-Match`.
    public static var createOrChangePreconditionRequired: Problem {
        Problem(status: .preconditionRequired, type: "/problems/if-match-required", title: Messages.preconditionRequiredTitle,
                detail: Messages.createOrChangeMissing, errors: [FieldError(parameter: "If-None-Match", detail: Messages.createOrChangeMissing)])
    }

    /// 428: an update without `If-Match`.
    public static var preconditionRequired: Problem {
        Problem(status: .preconditionRequired, type: "/problems/if-match-required", title: Messages.preconditionRequiredTitle,
                detail: Messages.ifMatchMissing, errors: [FieldError(parameter: "If-Match", detail: Messages.required)])
    }
}
