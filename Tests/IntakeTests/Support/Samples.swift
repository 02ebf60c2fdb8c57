import Domain
import Foundation

/// Valid bodies to start from.
enum Samples {
    /// An enterprise; its registration number (unique among enterprises, migration 0010) is drawn
    /// at random unless given.
    static func enterprise(province: String, name: String = "วิสาหกิจชุมชนทดสอบ",
                           registrationNumber: String = registrationNumber()) -> [String: Any] {
        ["name": name, "kind": "communityEnterprise", "registrationNumber": registrationNumber, "provinceCode": province,
         "district": "เมือง", "products": [["name": "น้ำพริกหนุ่ม", "productType": "food", "foodSubgroup": "processedFood"]],
         "contacts": [["name": "นางสมศรี", "phone": "081-234-5678", "email": "somsri@example.org", "channels": ["sms", "email"]]]]
    }

    /// A random 13-digit registration number with a valid check digit (the Thai id number rule).
    static func registrationNumber() -> String {
        let digits = (0..<12).map { _ in Int.random(in: 0...9) }
        let sum = digits.enumerated().reduce(0) { $0 + $1.element * (13 - $1.offset) }
        return digits.map(String.init).joined() + String((11 - sum % 11) % 10)
    }

    static func provider(provinces: [String] = [], regions: [String] = []) -> [String: Any] {
        ["name": "คลินิกเทคโนโลยีทดสอบ", "kind": "university", "serviceAreas": ["packagingDesign", "standardsSystem"],
         "productTypes": ["food"], "standards": ["tcps"], "provinceCodes": provinces, "regions": regions, "capacity": 5,
         "contacts": [["name": "ดร.ทดสอบ", "email": "coordinator@example.ac.th"]]]
    }

    static func request(enterprise: UUID? = nil) -> [String: Any] {
        var body: [String: Any] = ["productName": "น้ำพริกหนุ่ม", "productType": "food", "serviceAreas": ["packagingDesign"],
                                   "description": "ยืดอายุการเก็บรักษา"]
        if let enterprise { body["enterpriseId"] = enterprise.lowercased }
        return body
    }
}
