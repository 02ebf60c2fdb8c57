import AsyncHTTPClient

/// How the HTTP channels (LINE, SMS) judge an answer or an error: 2xx is delivered; 429, 408 and 5xx
/// are worth retrying; any other 4xx means the gateway will never take this request (a bad number, an
/// unknown LINE user, a token it refuses) and is permanent; timeouts and connection failures are
/// transient; a URL that cannot work is permanent.
enum HTTPFailureRules {
    /// `nil` when `status` means delivered, else the failure it stands for.
    static func failure(status: Int, channel: String) -> DeliveryFailure? {
        switch status {
        case 200..<300:
            return nil
        case 408, 429, 500..<600:
            return .transient("\(channel) answered HTTP \(status)")
        case 400..<500:
            return .permanent("\(channel) refused the message: HTTP \(status)")
        default:
            return .transient("\(channel) answered an unexpected HTTP \(status)")
        }
    }

    /// The failure an error of the HTTP client stands for.
    static func failure(error: any Error, channel: String) -> DeliveryFailure {
        if let error = error as? HTTPClientError, [.invalidURL, .emptyHost, .emptyScheme].contains(error) {
            return .permanent("\(channel) endpoint is not a usable URL: \(error)")
        }
        return .transient("\(channel) request failed: \(error)")
    }
}
