import Domain
import Foundation
import HTTPTypes

/// The building blocks most pages are made of, rendered by `sections.mustache`: a section with a
/// heading, an optional note, facts (a definition list), a table, forms and drawn charts. Each turns
/// into the dictionary Mustache reads (absent values left out, so `{{#value}}` tests work).
struct Section {
    var heading: String
    var id: String?
    var note: String?
    var facts: [Fact] = []
    var table: Table?
    var forms: [FormSpec] = []
    /// A chart drawn on the server (SVG markup, inserted unescaped: built only from escaped text).
    var chart: String?
    var links: [Link] = []

    var values: [String: Any] {
        var values: [String: Any] = ["heading": heading]
        values["id"] = id ?? Self.slug(heading)
        if let note { values["note"] = note }
        if !facts.isEmpty { values["facts"] = facts.map(\.values); values["hasFacts"] = true }
        if let table { values["table"] = table.values }
        if !forms.isEmpty { values["forms"] = forms.map(\.values) }
        if let chart { values["chart"] = chart }
        if !links.isEmpty { values["links"] = links.map(\.values); values["hasLinks"] = true }
        return values
    }

    static func slug(_ text: String) -> String {
        "s-" + String(text.unicodeScalars.map(\.value).reduce(5381) { ($0 &* 33) &+ Int($1) } & 0xFFFFFF, radix: 16)
    }
}

/// A link (`text` to `href`).
struct Link {
    var text: String
    var href: String
    var values: [String: Any] { ["text": text, "href": href] }
}

/// A label and its value, optionally a link.
struct Fact {
    var label: String
    var value: String
    var href: String?
    var values: [String: Any] {
        var values: [String: Any] = ["label": label, "value": value]
        if let href { values["href"] = href }
        return values
    }
}

/// A table with a caption, column headings, rows of cells (text, optional link, optional inline
/// forms: a row's action), and the link to the next page.
struct Table {
    struct Cell {
        var text: String
        var href: String?
        var numeric = false
        var forms: [FormSpec] = []
        var values: [String: Any] {
            var values: [String: Any] = ["text": text]
            if let href { values["href"] = href }
            if numeric { values["numeric"] = true }
            values["forms"] = forms.map(\.values)  // always set: Mustache would otherwise find the section's forms
            return values
        }
    }

    var caption: String
    var columns: [String]
    var numericColumns: Set<Int> = []
    var rows: [[Cell]]
    var empty: String
    var next: String?
    var download: String?

    var values: [String: Any] {
        var values: [String: Any] = ["caption": caption,
                                     "columns": columns.enumerated().map { ["text": $0.element, "numeric": numericColumns.contains($0.offset)] },
                                     "rows": rows.map { row in ["cells": row.enumerated().map { index, cell in
                                         // Each cell names its column: on a phone a row is shown as a card of labelled cells.
                                         cell.values.merging(["label": index < columns.count ? columns[index] : ""]) { _, label in label }
                                     }] }]
        if rows.isEmpty { values["empty"] = empty }
        if let next { values["next"] = next }
        if let download { values["download"] = download }
        return values
    }
}

/// A form: where it posts, its fields, its button. Every POST form carries the CSRF token and a
/// one-time `_form` id (the idempotency key of the intake command it sends).
struct FormSpec {
    struct Field {
        /// `checkboxes`: a group of choices with a legend (several may be ticked); `select` with
        /// ``multiple`` for long lists (provinces).
        enum Kind: String { case text, textarea, select, checkbox, checkboxes, number, hidden, password, file, date, radio }
        struct Option {
            var value: String
            var label: String
            var selected = false
        }

        var name: String
        var label: String
        var kind: Kind = .text
        var value: String?
        var options: [Option] = []
        var required = false
        var help: String?
        var error: String?
        var autocomplete: String?
        var checked = false
        /// A select that takes several values.
        var multiple = false

        var values: [String: Any] {
            var values: [String: Any] = ["name": name, "label": label, "kind_\(kind.rawValue)": true,
                                         "fieldId": "f-\(name.replacingOccurrences(of: ".", with: "-"))-\(UUID().uuidString.prefix(6))"]
            values["value"] = value ?? ""
            if !options.isEmpty {
                values["options"] = options.map { option -> [String: Any] in
                    ["value": option.value, "label": option.label, "selected": option.selected]
                }
            }
            if required { values["required"] = true }
            if let help { values["help"] = help }
            if let error { values["error"] = error }
            if let autocomplete { values["autocomplete"] = autocomplete }
            if checked { values["checked"] = true }
            if multiple { values["multiple"] = true }
            return values
        }
    }

    var action: String
    var method = "post"
    var heading: String?
    var fields: [Field]
    var submit: String
    var inline = false
    var danger = false
    var multipart = false

    var values: [String: Any] {
        // Every key is set (false when absent): Mustache would otherwise look it up in the enclosing
        // section (a form in a table row would show the section's heading).
        ["action": action, "fields": fields.map(\.values), "submit": submit, "post": method == "post", "formId": UUID().lowercased,
         "heading": heading ?? false, "inline": inline, "danger": danger, "multipart": multipart]
    }
}

/// A page made of sections (`sections.mustache`).
func sectionsPage(title: String, heading: String, intro: String? = nil, sections: [Section], status: HTTPStatusCode = 200,
                  problem: String? = nil) -> Page {
    var values: [String: Any] = ["heading": heading, "sections": sections.map(\.values)]
    if let intro { values["intro"] = intro }
    if let problem { values["problem"] = problem }
    return Page(template: "sections", title: title, values: values, status: .init(code: status))
}

typealias HTTPStatusCode = Int
