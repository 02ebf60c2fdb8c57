import Foundation
import Testing

/// The project's documents stand on their own (issue 16, point 6): every link of README.md and
/// docs/ (and every path written as code that climbs out of its folder) names a file of this
/// repository that exists, so a reader of a clone or of a deployed image's docs never meets a
/// reference to somebody's machine.
@Suite("Documents stand on their own")
struct DocumentLinkTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().standardizedFileURL

    static var documents: [URL] {
        let docs = root.appendingPathComponent("docs")
        let files = FileManager.default.enumerator(at: docs, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return [root.appendingPathComponent("README.md")] + files.filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
    }

    @Test("every link and relative path of README.md and docs/ stays in the repository and exists")
    func linksStayInside() throws {
        #expect(Self.documents.count > 10)
        let link = try NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#)
        let climbing = try NSRegularExpression(pattern: #"`(\.\./[^`\s]*)`"#)
        for document in Self.documents {
            let text = try String(contentsOf: document, encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            let targets = (link.matches(in: text, range: range) + climbing.matches(in: text, range: range)).map {
                String(text[Range($0.range(at: 1), in: text)!])
            }
            for target in targets where !target.contains("://") && !target.hasPrefix("#") && !target.hasPrefix("mailto:") {
                let path = String(target.prefix { $0 != "#" })
                let resolved = document.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
                let name = document.path.replacingOccurrences(of: Self.root.path + "/", with: "")
                #expect(resolved.path.hasPrefix(Self.root.path + "/"), "\(name) links outside the repository: \(target)")
                #expect(!target.hasPrefix("/"), "\(name) links to an absolute path: \(target)")
                #expect(FileManager.default.fileExists(atPath: resolved.path), "\(name) links to a missing file: \(target)")
            }
        }
    }
}
