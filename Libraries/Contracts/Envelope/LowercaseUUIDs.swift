/// Foundation's JSONEncoder writes UUIDs in upper case; RFC 9562 asks for lower case on output, and
/// our message keys and subjects use lower case. This rewrites every JSON string value that is
/// exactly a UUID to lower case (any such value is a UUID, so nothing else changes meaning).
public enum LowercaseUUIDs {
    public static func apply(_ json: [UInt8]) -> [UInt8] {
        var bytes = json
        var i = 0
        let n = bytes.count
        while i + 37 < n {
            if bytes[i] == 0x22, bytes[i + 37] == 0x22, isUUID(bytes, at: i + 1) {
                for j in (i + 1)...(i + 36) where bytes[j] >= 0x41 && bytes[j] <= 0x46 { bytes[j] += 0x20 }
                i += 38
            } else {
                i += 1
            }
        }
        return bytes
    }

    public static func apply(_ json: String) -> String {
        String(decoding: apply(Array(json.utf8)), as: UTF8.self)
    }

    private static func isUUID(_ b: [UInt8], at start: Int) -> Bool {
        for k in 0..<36 {
            let c = b[start + k]
            if k == 8 || k == 13 || k == 18 || k == 23 {
                if c != 0x2D { return false }
            } else if !((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) {
                return false
            }
        }
        return true
    }
}
