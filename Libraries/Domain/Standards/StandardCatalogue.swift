import Foundation

/// The catalogue of standards the tracker follows, read from a versioned data file
/// (`Resources/standards.json`, bundled with Domain). ``default`` is that file; the certification
/// service may override its unconfirmed facts at start (``overriding(with:file:)``).
public struct StandardCatalogue: Sendable {
    /// The file's `version`.
    public let version: Int
    public let definitions: [StandardCode: StandardDefinition]

    public init(_ definitions: [StandardDefinition], version: Int = 0) {
        self.version = version
        self.definitions = Dictionary(definitions.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The definition of `code`. A catalogue read from a file has one for every `StandardCode`.
    public subscript(code: StandardCode) -> StandardDefinition {
        guard let definition = definitions[code] else {
            preconditionFailure("StandardCatalogue has no definition for \(code.rawValue)")
        }
        return definition
    }

    /// Standards typical for a product type, in `StandardCode` order.
    public func standards(for productType: ProductType) -> [StandardDefinition] {
        StandardCode.allCases.compactMap { definitions[$0] }.filter { $0.productTypes.contains(productType) }
    }

    /// The bundled catalogue file. Its validity is checked by DomainTests; a broken bundle is a
    /// build defect, so this stops the process with the file's error.
    public static let `default`: StandardCatalogue = {
        do {
            return try bundled()
        } catch {
            fatalError("Domain: \(error)")
        }
    }()

    /// Reads the bundled `standards.json`.
    public static func bundled() throws(StandardCatalogueError) -> StandardCatalogue {
        guard let url = Bundle.module.url(forResource: "standards", withExtension: "json"),
              let data = try? Data(contentsOf: url)
        else {
            throw StandardCatalogueError(file: "standards.json", problem: "is missing from the Domain resource bundle")
        }
        return try parse(data, file: "standards.json")
    }
}
