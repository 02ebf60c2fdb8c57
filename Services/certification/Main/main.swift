import CertificationService

try await CertificationService.run()
