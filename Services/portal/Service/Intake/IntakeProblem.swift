import Foundation

/// What intake answered when it refused a call: its RFC 9457 problem (texts already in the page's
/// language), or why no answer came. Pages show a 409's `currentState`, a 422's field errors beside
/// their fields, a 412 as "someone changed it", a 404 as not found (or not in the officer's region).
public struct IntakeProblem: Error, Sendable, Decodable, CustomStringConvertible {
    /// One invalid field (`pointer`, a JSON Pointer into the body) or parameter.
    public struct FieldError: Sendable, Decodable, Equatable {
        public var pointer: String?
        public var parameter: String?
        public var detail: String
    }

    public var status: Int
    public var title: String
    public var detail: String?
    public var errors: [FieldError]?
    public var currentState: String?
    /// A wrong sign-in code's tries left (422 of `/v1/sign-in/verifications`).
    public var attemptsLeft: Int?
    /// A 429's `Retry-After` in seconds (set from the header, not the body).
    public var retryAfter: Int?
    /// Set when intake could not be reached or answered something that is not a problem document.
    public var unreachable: Bool?

    public init(status: Int, title: String, detail: String? = nil, unreachable: Bool? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.unreachable = unreachable
    }

    public var description: String { "intake answered \(status): \(title)\(detail.map { " — \($0)" } ?? "")" }

    /// The field errors by the last part of their pointer or parameter (`/products/0/name` → `name`),
    /// for showing beside a form's fields.
    public var fieldMessages: [String: String] {
        var messages: [String: String] = [:]
        for error in errors ?? [] {
            let key = error.pointer.map { $0.split(separator: "/").map(String.init).joined(separator: ".") } ?? error.parameter ?? ""
            messages[key, default: ""] += messages[key] == nil ? error.detail : "; " + error.detail
        }
        return messages
    }
}
