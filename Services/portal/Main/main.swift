import PortalService

try await PortalService.run()
