import Foundation
import Testing
@testable import IntakeService

@Suite("OpenAPI document assembled from each resource's fragment")
struct OpenAPIAssemblyTests {
    private func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    private let frame = #"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {}}, "components": {"schemas": {"A": {}}}}"#

    @Test("the served document holds the frame's routes and every fragment's")
    func servedDocument() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        #expect(paths["/v1/requests"] != nil)
    }

    @Test("a fragment adds paths and components to the frame")
    func mergesFragments() throws {
        let url = try folder(["openapi.json": frame,
                              "journey.openapi.json": #"{"paths": {"/b": {}}, "components": {"schemas": {"B": {}}, "parameters": {"P": {}}}}"#])
        let merged = try #require(try JSONSerialization.jsonObject(with: Data(try OpenAPIDocument.assemble(folder: url))) as? [String: Any])
        #expect(Set((merged["paths"] as? [String: Any] ?? [:]).keys) == ["/a", "/b"])
        let components = try #require(merged["components"] as? [String: [String: Any]])
        #expect(Set(components["schemas"]?.keys.map { $0 } ?? []) == ["A", "B"])
        #expect(components["parameters"]?["P"] != nil)
    }

    @Test("a path or component defined twice, or a fragment with other keys, is refused naming the file")
    func refusesDuplicates() throws {
        let twicePath = try folder(["openapi.json": frame, "x.openapi.json": #"{"paths": {"/a": {}}}"#])
        #expect(throws: OpenAPIDocument.AssemblyError.self) { try OpenAPIDocument.assemble(folder: twicePath) }
        let twiceSchema = try folder(["openapi.json": frame, "x.openapi.json": #"{"components": {"schemas": {"A": {}}}}"#])
        do {
            _ = try OpenAPIDocument.assemble(folder: twiceSchema)
            Issue.record("a duplicate schema was accepted")
        } catch let error as OpenAPIDocument.AssemblyError {
            #expect(error.file == "x.openapi.json")
            #expect(error.problem.contains("'A'"))
        }
        let stray = try folder(["openapi.json": frame, "x.openapi.json": #"{"info": {}}"#])
        #expect(throws: OpenAPIDocument.AssemblyError.self) { try OpenAPIDocument.assemble(folder: stray) }
    }

    @Test("every resource folder's *.openapi.json is in the bundle the document is assembled from (declared in Package.swift)")
    func everyFragmentBundled() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()    // Tests/IntakeTests/HTTP
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Services/intake/Service")
        let files = try #require(FileManager.default.enumerator(atPath: source.path)).compactMap { $0 as? String }
        let fragments = Set(files.filter { $0.hasSuffix(OpenAPIDocument.fragmentSuffix) }.map { ($0 as NSString).lastPathComponent })
        #expect(fragments.count > 10, "fragments found under \(source.path)")
        #expect(try Set(OpenAPIDocument.fragments(in: OpenAPIDocument.folder)) == fragments)
    }

    @Test("only files named *.openapi.json are fragments; the frame is required")
    func fragmentsByName() throws {
        let url = try folder(["openapi.json": frame, "notes.json": #"{"paths": {"/a": {}}}"#])
        #expect(try OpenAPIDocument.fragments(in: url).isEmpty)
        _ = try OpenAPIDocument.assemble(folder: url)
        let frameless = try folder(["x.openapi.json": #"{"paths": {}}"#])
        #expect(throws: OpenAPIDocument.AssemblyError.self) { try OpenAPIDocument.assemble(folder: frameless) }
    }

    @Test("the reports' breakdowns are written from ReportDimension.all: adding a dimension documents it")
    func reportBreakdowns() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        let schema = ImportHeaderPatternTests.member(document, "components", "parameters", "ReportBreakdown", "schema")
        #expect(schema?["enum"] as? [String] == ReportDimension.all.map(\.name))
        let closed = try folder(["openapi.json": frame, "r.openapi.json": #"{"components": {"schemas": {"R": {"type": "string"}}}}"#])
        let merged = try #require(try JSONSerialization.jsonObject(with: Data(try OpenAPIDocument.assemble(
            folder: closed, closedSets: [.init(file: "r.openapi.json", keys: ["components", "schemas", "R"], values: ["x", "y"])]))) as? [String: Any])
        #expect(ImportHeaderPatternTests.member(merged, "components", "schemas", "R")?["enum"] as? [String] == ["x", "y"])
    }

    @Test("an import route gets its header pattern and column table in its text/csv schema; a route the fragments lack is refused")
    func importPatterns() throws {
        let documented = try folder(["openapi.json": frame, "imports.openapi.json": #"""
            {"paths": {"/imports/x": {"post": {"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}}}}}
            """#])
        let columns = ImportColumns([ImportColumn("name", thai: ["ชื่อ"])], required: ["name"])
        let merged = try #require(try JSONSerialization.jsonObject(
            with: Data(try OpenAPIDocument.assemble(folder: documented, importFiles: [("/imports/x", columns)]))) as? [String: Any])
        let schema = ImportHeaderPatternTests.member(merged, "paths", "/imports/x", "post", "requestBody", "content", "text/csv", "schema")
        #expect(schema?["type"] as? String == "string")
        #expect(schema?["pattern"] as? String == ImportHeaderPattern.pattern(for: columns))
        #expect((schema?["x-columns"] as? [[String: Any]])?.first?["headers"] as? [String] == ["name", "ชื่อ"])

        #expect(throws: OpenAPIDocument.AssemblyError.self) {
            try OpenAPIDocument.assemble(folder: documented, importFiles: [("/imports/missing", columns)])
        }
    }
}
