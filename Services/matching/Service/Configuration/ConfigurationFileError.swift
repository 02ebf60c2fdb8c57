/// Why one of matching's own settings files (`scoring.json`) was refused.
struct ConfigurationFileError: Error, CustomStringConvertible {
    let file: String
    let problem: String
    var description: String { "\(file): \(problem)" }
}
