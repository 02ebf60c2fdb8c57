import Foundation

/// This repository's files, for tests that hold code and docs to each other (the event catalogue
/// against docs/events.md, a consumer's routes against its service's code).
public enum RepositoryFiles {
    /// The repository's root folder, found from this file's place (`Tests/TestSupport/`).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The file or folder at `path` (relative to the root).
    public static func url(_ path: String) -> URL {
        root.appendingPathComponent(path)
    }

    /// The text of the file at `path` (relative to the root), read as UTF-8.
    public static func text(_ path: String) throws -> String {
        try String(contentsOf: url(path), encoding: .utf8)
    }

    /// The paths (relative to the root, sorted) of the Swift files in `folder` and its subfolders.
    public static func swiftFiles(in folder: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: url(folder).path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: url(folder).path])
        }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.map { "\(folder)/\($0)" }.sorted()
    }
}
