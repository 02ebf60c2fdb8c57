import NotificationsService

try await NotificationsService.run()
