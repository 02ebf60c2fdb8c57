import Contracts
import Domain
import Foundation

/// The messages of the routes the officer portal added (docs/console.md, A1–A13), in both
/// languages: part of the one catalogue, kept in a file of their own so the additions merge
/// beside other changes to ``Messages``.
extension Messages {
    static func alreadyResolved(at time: Date, by name: String) -> LocalizedText {
        let at = RFC3339.string(from: time)
        return LocalizedText(th: "จัดการไปแล้วเมื่อ \(at) โดย \(name)", en: "was already resolved at \(at) by \(name)")
    }
}

extension Messages {
    static func searchLength(_ lengths: ClosedRange<Int>, found: Int) -> LocalizedText {
        LocalizedText(th: "ต้องมีอักขระที่ไม่ใช่ช่องว่างอย่างน้อย \(lengths.lowerBound) ตัว และยาวไม่เกิน \(lengths.upperBound) ตัวอักษร (พบอักขระที่ไม่ใช่ช่องว่าง \(found) ตัว)",
                      en: "must hold at least \(lengths.lowerBound) characters that are not white space and at most \(lengths.upperBound) in all (found \(found) not white space)")
    }
}

extension Messages {
    static let brokerDown = LocalizedText(th: "ติดต่อตัวกลางส่งข้อความ (Kafka) ไม่ได้ภายใน 3 วินาที โปรดลองใหม่ในอีกสักครู่",
                                          en: "the message broker (Kafka) did not answer within 3 seconds; retry shortly")
}
