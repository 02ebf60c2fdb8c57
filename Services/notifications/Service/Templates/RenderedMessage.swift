/// A message in words, with the parts its channel sends (the others are `nil`).
struct RenderedMessage: Sendable, Equatable {
    var subject: String?
    var text: String
    var html: String?
    var sms: String?
    var line: String?
}
