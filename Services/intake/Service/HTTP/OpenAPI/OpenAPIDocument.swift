import Foundation
import Hummingbird

/// The OpenAPI 3.1 description of intake's API, served at `/openapi.json`.
///
/// It is assembled at start from the resource bundle: `openapi.json` (beside this file) holds the
/// document's frame (info, servers, security, the components every route shares: problems, paging
/// and filter parameters, `ETag`/`Location`, and the health and documentation routes); every
/// `<resource>.openapi.json`, in the folder of the resource it documents, is a fragment with that
/// resource's `paths` and `components`. Package.swift declares each fragment (unique names, so the
/// bundle holds them side by side). A path, or a component name, defined twice is a build mistake
/// and stops the service.
enum OpenAPIDocument {
    /// The frame's file name; fragments end in ``fragmentSuffix``.
    static let frame = "openapi.json"
    static let fragmentSuffix = ".openapi.json"

    /// The assembled document, as served.
    static let bytes: [UInt8] = {
        do {
            return try assemble(folder: folder, importFiles: importFiles, descriptions: descriptions, closedSets: closedSets)
        } catch {
            fatalError("intake: \(error)")
        }
    }()

    /// The folder of the resource bundle that holds the frame and the fragments.
    static var folder: URL {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            fatalError("intake: the OpenAPI frame openapi.json is missing from the resource bundle")
        }
        return url.deletingLastPathComponent()
    }

    /// Serves the document at `GET /openapi.json` (no authentication).
    static func addRoute<Context: RequestContext>(to router: Router<Context>) {
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// Why the document could not be assembled.
    struct AssemblyError: Error, CustomStringConvertible {
        let file: String
        let problem: String
        var description: String { "OpenAPI document: \(file): \(problem)" }
    }

    /// The fragments' file names in `folder`, in file-name order.
    static func fragments(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(fragmentSuffix) }.sorted()
    }

    /// Merges the frame `openapi.json` with every fragment `*.openapi.json` in `folder` (in file-name
    /// order), then gives each of `importFiles`' routes its header pattern and writes `descriptions`
    /// and `closedSets`.
    static func assemble(folder: URL, importFiles: [(path: String, columns: ImportColumns)] = [],
                         descriptions: [Description] = [], closedSets: [ClosedSet] = []) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(frame).path) else {
            throw AssemblyError(file: frame, problem: "is missing")
        }
        var document = try object(in: folder, file: frame)
        for file in try fragments(in: folder) {
            let fragment = try object(in: folder, file: file)
            for key in fragment.keys where key != "paths" && key != "components" {
                throw AssemblyError(file: file, problem: "a fragment may hold only paths and components, found '\(key)'")
            }
            if let paths = fragment["paths"] {
                document["paths"] = try merge(document["paths"], paths, what: "path", file: file)
            }
            if let components = fragment["components"] as? [String: Any] {
                var merged = document["components"] as? [String: Any] ?? [:]
                for (section, entries) in components {
                    merged[section] = try merge(merged[section], entries, what: "components.\(section) entry", file: file)
                }
                document["components"] = merged
            }
        }
        for (path, columns) in importFiles {
            try setMembers(ImportHeaderPattern.schemaMembers(for: columns),
                           at: ["paths", path, "post", "requestBody", "content", "text/csv", "schema"], file: "imports.openapi.json",
                           in: &document)
        }
        for description in descriptions {
            try setMembers(["description": description.text], at: description.keys, file: description.file, in: &document)
        }
        for closed in closedSets {
            try setMembers(["enum": closed.values], at: closed.keys, file: closed.file, in: &document)
        }
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        return Array(data)
    }

    /// The import routes, whose `text/csv` body schema gets the header rule and the column table
    /// the route reads with (``ImportHeaderPattern/schemaMembers(for:)``) instead of a copy in a fragment.
    static let importFiles: [(path: String, columns: ImportColumns)] = [
        ("/v1/imports/enterprises", EnterpriseFile.columns),
        ("/v1/imports/providers", ProviderFile.columns),
        ("/v1/imports/history", HistoryFile.columns),
    ]

    /// A description the code writes from the list it owns, instead of a copy in a fragment that
    /// would drift from it: `file` is the fragment that holds the node at `keys`.
    struct Description: Sendable {
        let file: String
        let keys: [String]
        let text: String
    }

    /// The descriptions written at assembly: the contact preferences' mandatory and optional
    /// messages, from `MessageTemplate`.
    static let descriptions = ContactPreferencesBody.documentedMessageLists

    /// A closed set of values the code owns, written into the schema at `keys` of `file`'s fragment
    /// at assembly (its `enum`), so that adding a value to the code's list documents it.
    struct ClosedSet: Sendable {
        let file: String
        let keys: [String]
        let values: [String]
    }

    /// The closed sets written at assembly: the reports' breakdowns, from ``ReportDimension/all``.
    static let closedSets = [
        ClosedSet(file: "reports.openapi.json", keys: ["components", "parameters", "ReportBreakdown", "schema"],
                  values: ReportDimension.all.map(\.name)),
    ]

    /// Merges `members` into the object at `keys` (generated members win); `file` is the fragment
    /// named when a key is missing.
    private static func setMembers(_ members: [String: Any], at keys: [String], file: String,
                                   in document: inout [String: Any]) throws {
        func set(_ node: Any?, _ depth: Int) throws -> [String: Any] {
            guard var object = node as? [String: Any] else {
                throw AssemblyError(file: file, problem: "\(keys[..<depth].joined(separator: " > ")) is missing")
            }
            if depth == keys.count {
                object.merge(members) { _, generated in generated }
            } else {
                object[keys[depth]] = try set(object[keys[depth]], depth + 1)
            }
            return object
        }
        document = try set(document, 0)
    }

    private static func object(in folder: URL, file: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AssemblyError(file: file, problem: "is not a JSON object")
        }
        return object
    }

    private static func merge(_ base: Any?, _ addition: Any, what: String, file: String) throws -> [String: Any] {
        var result = base as? [String: Any] ?? [:]
        guard let entries = addition as? [String: Any] else { throw AssemblyError(file: file, problem: "\(what)s must be an object") }
        for (name, value) in entries {
            guard result[name] == nil else { throw AssemblyError(file: file, problem: "\(what) '\(name)' is defined twice") }
            result[name] = value
        }
        return result
    }
}
