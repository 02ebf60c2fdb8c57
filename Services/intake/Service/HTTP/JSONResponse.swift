import Contracts
import Foundation
import HTTPTypes
import Hummingbird

/// JSON answers with RFC 3339 dates and lower-case UUIDs.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, location: String? = nil, etag: EntityVersion? = nil,
                     _ value: some Encodable) throws -> Response {
        let data = try EventCoding.sharedEncoder.encode(value)
        // Foundation writes UUIDs in upper case; the API (like the events' keys) uses lower case.
        var headers: HTTPFields = [.contentType: "application/json"]
        if let location { headers[.location] = location }
        if let etag { headers[.eTag] = etag.etag }
        return Response(status: status, headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: LowercaseUUIDs.apply(Array(data)))))
    }
}
