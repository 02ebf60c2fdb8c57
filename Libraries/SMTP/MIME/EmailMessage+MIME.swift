import Foundation

extension EmailMessage {
    /// The message as RFC 5322 / MIME text: 7-bit, CRLF line endings, lines of at most 76
    /// characters except where a single header token is longer (never beyond 998), ending in CRLF.
    ///
    /// - Parameter boundary: the `multipart/alternative` boundary, used when there is an HTML body.
    ///   It starts with `=_`, which base64 content can never contain.
    func renderedMIME(boundary: String = EmailMessage.makeBoundary()) -> [UInt8] {
        var text = ""
        text += "Date: " + RFC5322Date.format(date) + "\r\n"
        text += HeaderField.addressList(name: "From", [from])
        text += HeaderField.addressList(name: "To", to)
        text += HeaderField.unstructured(name: "Subject", value: subject)
        text += "Message-ID: <" + messageID + ">\r\n"
        text += "MIME-Version: 1.0\r\n"
        for header in extraHeaders {
            text += HeaderField.unstructured(name: header.name, value: header.value)
        }
        if let htmlBody {
            text += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n"
            text += "\r\n"
            text += "This is a multi-part message in MIME format.\r\n"
            text += "--" + boundary + "\r\n"
            text += MIMEBody.textPart(subtype: "plain", text: textBody)
            text += "--" + boundary + "\r\n"
            text += MIMEBody.textPart(subtype: "html", text: htmlBody)
            text += "--" + boundary + "--\r\n"
        } else {
            text += MIMEBody.textPart(subtype: "plain", text: textBody)
        }
        return Array(text.utf8)
    }

    /// A fresh multipart boundary, `=_otop_` and 32 hex digits.
    static func makeBoundary() -> String {
        "=_otop_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
