import Domain
import Foundation

/// The scorer's weights and priors, read from `Resources/scoring.json` (or `MATCHING_SCORING_FILE`).
enum ScoringConfiguration {
    private struct File: Decodable {
        var weights: MatchScorer.Weights
        var priors: OutcomePriors
    }

    /// Reads and checks a scoring file: every weight present and not negative, priors in range.
    static func load(from url: URL) throws -> MatchScorer {
        let name = url.lastPathComponent
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: try Data(contentsOf: url))
        } catch {
            throw ConfigurationFileError(file: name, problem: "cannot be read: \(error)")
        }
        for weight in file.weights.all where weight.value < 0 || weight.value > 100_000 {
            throw ConfigurationFileError(file: name, problem: "weights.\(weight.name) must be between 0 and 100000, found \(weight.value)")
        }
        let priors = file.priors
        guard (0...1).contains(priors.completionRate), (1...5).contains(priors.rating),
              (0...1).contains(priors.certificatesPerCompletion), priors.strength > 0 else {
            throw ConfigurationFileError(file: name, problem: "priors: completionRate and certificatesPerCompletion must be in 0...1, rating in 1...5, strength above 0")
        }
        return MatchScorer(weights: file.weights, priors: priors)
    }
}
