import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// An RFC 9457 problem-details answer (`application/problem+json`): what went wrong, and for
/// validation failures which fields, so a client can point at the field to fix.
public struct Problem: HTTPResponseError, Sendable, Equatable {
    /// One field at fault.
    public struct FieldError: Sendable, Codable, Equatable {
        /// JSON path of the field, e.g. `serviceAreas[1]`.
        public var field: String
        public var detail: String

        public init(field: String, detail: String) {
            self.field = field
            self.detail = detail
        }
    }

    public var status: HTTPResponse.Status
    /// A URI reference naming the problem type, e.g. `/problems/validation-failed`.
    public var type: String
    public var title: String
    public var detail: String?
    public var errors: [FieldError]
    /// The state that made the action illegal (409 from the journey's state machine), as the
    /// problem's `currentState` member.
    public var currentState: String?
    /// Extra response headers (e.g. `WWW-Authenticate`).
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status, type: String, title: String, detail: String? = nil,
                errors: [FieldError] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var object: [String: Any] = [
            "type": type, "title": title, "status": Int(status.code), "instance": request.uri.path,
        ]
        if let detail { object["detail"] = detail }
        if !errors.isEmpty { object["errors"] = errors.map { ["field": $0.field, "detail": $0.detail] } }
        if let currentState { object["currentState"] = currentState }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Problem {
    /// 422: the body is JSON but fields are missing or invalid.
    public static func validation(_ errors: [FieldError]) -> Problem {
        let fields = errors.map(\.field).joined(separator: ", ")
        return Problem(status: .unprocessableContent, type: "/problems/validation-failed",
                       title: "The request body has invalid fields", detail: "Invalid fields: \(fields)", errors: errors)
    }

    /// 400: the body is not JSON of the expected shape.
    public static func malformedBody(_ detail: String, field: String? = nil) -> Problem {
        Problem(status: .badRequest, type: "/problems/malformed-body", title: "The request body could not be read",
                detail: detail, errors: field.map { [FieldError(field: $0, detail: detail)] } ?? [])
    }

    /// 401: no valid bearer token.
    public static func unauthenticated(_ detail: String) -> Problem {
        Problem(status: .unauthorized, type: "/problems/unauthenticated", title: "Authentication required",
                detail: detail, headers: [.wwwAuthenticate: "Bearer realm=\"otop\""])
    }

    /// 403: authenticated, but the role may not do this.
    public static func forbidden(_ detail: String) -> Problem {
        Problem(status: .forbidden, type: "/problems/forbidden", title: "Not allowed for this role", detail: detail)
    }

    /// 404: nothing here, or nothing this client may see (an enterprise never learns about another's data).
    public static func notFound(_ what: String) -> Problem {
        Problem(status: .notFound, type: "/problems/not-found", title: "Not found", detail: "\(what) was not found")
    }

    /// 409: the state does not allow this (e.g. an idempotency key reused with another body).
    public static func conflict(_ detail: String) -> Problem {
        Problem(status: .conflict, type: "/problems/conflict", title: "Conflict", detail: detail)
    }

    /// 409: the journey's state machine rules the action out in the state the resource is in (the
    /// `currentState` member names it).
    public static func illegalState(_ refusal: JourneyRefusal) -> Problem {
        var problem = Problem(status: .conflict, type: "/problems/illegal-state",
                              title: "Not possible in the current state", detail: refusal.description)
        problem.currentState = refusal.currentState
        return problem
    }

    /// 415: not JSON.
    public static func unsupportedMediaType(_ found: String?) -> Problem {
        Problem(status: .unsupportedMediaType, type: "/problems/unsupported-media-type",
                title: "Send application/json", detail: "Content-Type was \(found ?? "missing"); send application/json")
    }
}
