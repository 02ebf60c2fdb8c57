import Foundation
import Hummingbird

/// The portal's own static files (Resources/Assets): the stylesheet and the icon. Nothing is loaded
/// from anywhere else; Thai text uses the fonts the reader's device has.
struct Assets: Sendable {
    static let files: [String: (type: String, data: Data)] = {
        guard let folder = Bundle.module.url(forResource: "Assets", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [:] }
        var files: [String: (String, Data)] = [:]
        for name in names {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { continue }
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".svg") ? "image/svg+xml"
                : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream"
            files[name] = (type, data)
        }
        return files
    }()

    func addRoutes(to router: Router<PortalRequestContext>) {
        router.get("/assets/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), let file = Self.files[name] else { throw HTTPError(.notFound) }
            return Response(status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
        }
    }
}
