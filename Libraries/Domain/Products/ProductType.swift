/// The five OTOP product types the Community Development Department registers products under.
public enum ProductType: String, Sendable, Hashable, Codable, CaseIterable {
    /// อาหาร
    case food
    /// เครื่องดื่ม
    case beverage
    /// ผ้า เครื่องแต่งกาย
    case textile
    /// ของใช้ ของตกแต่ง ของที่ระลึก
    case household
    /// สมุนไพรที่ไม่ใช่อาหาร
    case herbal

    /// The Thai name used on OTOP registration forms.
    public var nameTH: String {
        switch self {
        case .food: "อาหาร"
        case .beverage: "เครื่องดื่ม"
        case .textile: "ผ้า เครื่องแต่งกาย"
        case .household: "ของใช้ ของตกแต่ง ของที่ระลึก"
        case .herbal: "สมุนไพรที่ไม่ใช่อาหาร"
        }
    }

    /// The English name.
    public var nameEN: String {
        switch self {
        case .food: "Food"
        case .beverage: "Beverages"
        case .textile: "Textiles and apparel"
        case .household: "Household goods, decorations and souvenirs"
        case .herbal: "Non-food herbal products"
        }
    }
}

/// The food subgroups (only meaningful when the product type is `.food`).
public enum FoodSubgroup: String, Sendable, Hashable, Codable, CaseIterable {
    /// ผลผลิตสด
    case freshProduce
    /// ผลผลิตแปรรูปขั้นต้น
    case primaryProcessed
    /// อาหารแปรรูป
    case processedFood

    public var nameTH: String {
        switch self {
        case .freshProduce: "ผลผลิตสด"
        case .primaryProcessed: "ผลผลิตแปรรูปขั้นต้น"
        case .processedFood: "อาหารแปรรูป"
        }
    }
}
