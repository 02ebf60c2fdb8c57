import IntakeService

try await IntakeService.run()
