import Domain
import Foundation

extension StandardCatalogue {
    /// The variable naming a JSON file of overrides for the catalogue's unconfirmed facts.
    public static let overridesVariable = "CERTIFICATION_STANDARDS_OVERRIDES"

    /// The bundled catalogue with the overrides of `CERTIFICATION_STANDARDS_OVERRIDES` applied (see
    /// docs/configuration.md), and the facts overridden (`tcps.validityMonths`). A missing or bad
    /// file is a ``ConfigurationError`` whose problem names the standard and the field.
    public static func configured(_ environment: EnvironmentReader) throws(ConfigurationError) -> (catalogue: StandardCatalogue, overridden: [String]) {
        let bundled: StandardCatalogue
        do {
            bundled = try StandardCatalogue.bundled()
        } catch {
            throw ConfigurationError(variable: "standards.json", problem: "(the bundled catalogue) \(error)")
        }
        guard let path = environment.optional(overridesVariable) else { return (bundled, []) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(variable: overridesVariable, problem: "names \(path), which cannot be read (\(error.localizedDescription))")
        }
        do {
            return try bundled.overriding(with: data, file: path)
        } catch {
            throw ConfigurationError(variable: overridesVariable, problem: "\(error)")
        }
    }
}
