import MatchingService

try await MatchingService.run()
