import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache

/// A page to render: its template (under Resources/Templates), its title (a label key), its values,
/// and its status.
struct Page {
    var template: String
    var title: String
    var values: [String: Any] = [:]
    var status: HTTPResponse.Status = .ok
}

/// Renders pages: the page's template, then the layout around it (header, navigation, search box,
/// language switch, sign-out), with the label catalogue of the page's language as `t`. Values are
/// HTML-escaped by Mustache (`{{...}}`); only the layout's `{{{body}}}` and server-drawn SVG charts
/// are inserted unescaped.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    init() throws {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw PortalStartError(reason: "the Templates folder is missing from the portal's resources")
        }
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch {
                throw PortalStartError(reason: "template \(file) does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// The page inside the layout, as an HTML response.
    func render(_ page: Page, _ layout: Layout) -> Response {
        var values = page.values
        let labels = Labels.table(layout.language)
        values["t"] = labels
        values["lang"] = layout.language.rawValue
        values["csrf"] = layout.csrf ?? ""
        let body = library.render(values, withTemplate: page.template) ?? "template \(page.template) is missing"
        var frame = layout.values
        frame["t"] = labels
        frame["body"] = body
        frame["title"] = labels[page.title] ?? page.title
        let html = library.render(frame, withTemplate: "layout") ?? body
        return Response(status: page.status,
                        headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "private, no-cache"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The portal could not start (a missing resource, a bad key).
struct PortalStartError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
