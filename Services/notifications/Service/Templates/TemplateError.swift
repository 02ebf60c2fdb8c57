/// A template that cannot be rendered: found at start-up (a missing file or part, a syntax error) or
/// by the test that renders every template with every event that uses it (a missing variable).
struct TemplateError: Error, Sendable, CustomStringConvertible, Equatable {
    enum Code: Sendable, Equatable {
        case missingFile
        case missingPart
        case syntax
        case missingVariables
    }

    var code: Code
    /// `th/proposal-to-provider.mustache`, with the part when it is about one.
    var template: String
    var detail: String

    var description: String {
        switch code {
        case .missingFile: "template \(template) is missing: \(detail)"
        case .missingPart: "template \(template) has no \(detail) part"
        case .syntax: "template \(template) does not parse: \(detail)"
        case .missingVariables: "template \(template) uses variables the renderer does not provide: \(detail)"
        }
    }
}
