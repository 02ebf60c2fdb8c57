import Contracts
import Foundation
import Mustache

/// Every template file, parsed once at start-up: `Resources/Templates/<language>/<template>.mustache`,
/// split into its parts at the `{{! part }}` marker lines, plus each language's HTML layout
/// (`layout.html.mustache`, which places the HTML part with `{{{body}}}`). A missing file, part or a
/// syntax error stops the service at start (and fails the tests), not a send.
struct TemplateLibrary: Sendable {
    private let parts: [Key: MustacheTemplate]
    private let layouts: [Language: MustacheTemplate]

    private struct Key: Hashable {
        var template: MessageTemplate
        var language: Language
        var part: TemplatePart
    }

    /// Loads the templates bundled with the service.
    static func bundled() throws(TemplateError) -> TemplateLibrary {
        guard let folder = bundledFolder else {
            throw TemplateError(code: .missingFile, template: "Templates", detail: "the resource folder is not in the bundle")
        }
        return try TemplateLibrary(folder: folder)
    }

    /// The folder of the templates bundled with the service.
    static var bundledFolder: URL? { Bundle.module.url(forResource: "Templates", withExtension: nil) }

    /// Loads every template of every language from `folder`.
    init(folder: URL) throws(TemplateError) {
        var parts: [Key: MustacheTemplate] = [:]
        var layouts: [Language: MustacheTemplate] = [:]
        for language in Language.allCases {
            let layoutName = "\(language.rawValue)/layout.html.mustache"
            layouts[language] = try Self.parse(try Self.read(folder, layoutName), name: layoutName, isHTML: true)
            for template in MessageTemplate.allCases {
                let name = "\(language.rawValue)/\(template.rawValue).mustache"
                let sections = try Self.split(try Self.read(folder, name), name: name)
                for part in TemplatePart.allCases {
                    guard let source = sections[part] else {
                        throw TemplateError(code: .missingPart, template: name, detail: part.rawValue)
                    }
                    parts[Key(template: template, language: language, part: part)] =
                        try Self.parse(source, name: "\(name) (\(part.rawValue))", isHTML: part.isHTML)
                }
            }
        }
        self.parts = parts
        self.layouts = layouts
    }

    /// Renders one part; the HTML part comes back inside the language's layout.
    func render(_ template: MessageTemplate, _ part: TemplatePart, language: Language,
                values: [String: Any]) throws(TemplateError) -> String {
        let name = "\(language.rawValue)/\(template.rawValue).mustache (\(part.rawValue))"
        guard let compiled = parts[Key(template: template, language: language, part: part)] else {
            throw TemplateError(code: .missingPart, template: name, detail: part.rawValue)
        }
        let context = TemplateValues(values)
        var text = compiled.render(context)
        guard context.missingNames.isEmpty else {
            throw TemplateError(code: .missingVariables, template: name, detail: context.missingNames.joined(separator: ", "))
        }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if part == .subject { text = text.split(whereSeparator: \.isNewline).joined(separator: " ") }
        guard part == .html, let layout = layouts[language] else { return text }
        var layoutValues = values
        layoutValues["body"] = text
        let layoutContext = TemplateValues(layoutValues)
        let page = layout.render(layoutContext)
        guard layoutContext.missingNames.isEmpty else {
            throw TemplateError(code: .missingVariables, template: "\(language.rawValue)/layout.html.mustache",
                                detail: layoutContext.missingNames.joined(separator: ", "))
        }
        return page
    }

    private static func read(_ folder: URL, _ name: String) throws(TemplateError) -> String {
        do {
            return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        } catch {
            throw TemplateError(code: .missingFile, template: name, detail: "\(error)")
        }
    }

    /// Splits a file at its `{{! part }}` lines (text before the first marker is a comment for editors).
    static func split(_ source: String, name: String) throws(TemplateError) -> [TemplatePart: String] {
        var sections: [TemplatePart: [Substring]] = [:]
        var current: TemplatePart?
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("{{!"), trimmed.hasSuffix("}}"),
               let part = TemplatePart(rawValue: trimmed.dropFirst(3).dropLast(2).trimmingCharacters(in: .whitespaces)) {
                guard sections[part] == nil else {
                    throw TemplateError(code: .syntax, template: name, detail: "the \(part.rawValue) part appears twice")
                }
                current = part
                sections[part] = []
                continue
            }
            if let current { sections[current, default: []].append(line) }
        }
        return sections.mapValues { $0.joined(separator: "\n") }
    }

    private static func parse(_ source: String, name: String, isHTML: Bool) throws(TemplateError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: isHTML ? source : "{{% CONTENT_TYPE: TEXT}}" + source)
        } catch {
            throw TemplateError(code: .syntax, template: name, detail: "\(error)")
        }
    }
}
