/// The kinds of organisation that deliver science-and-technology help under the programme.
public enum ProviderKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// มหาวิทยาลัย (including Rajamangala and Rajabhat universities)
    case university
    /// อุทยานวิทยาศาสตร์ภูมิภาค
    case sciencePark
    /// สถาบัน / หน่วยงานรัฐ (TISTR, Department of Science Service, ...)
    case institute
    /// คลินิกเทคโนโลยี
    case technologyClinic
    /// ห้องปฏิบัติการเอกชน
    case privateLab

    public var nameTH: String {
        switch self {
        case .university: "มหาวิทยาลัย"
        case .sciencePark: "อุทยานวิทยาศาสตร์"
        case .institute: "สถาบัน/หน่วยงานรัฐ"
        case .technologyClinic: "คลินิกเทคโนโลยี"
        case .privateLab: "ห้องปฏิบัติการเอกชน"
        }
    }

    public var nameEN: String {
        switch self {
        case .university: "University"
        case .sciencePark: "Science park"
        case .institute: "Institute / government agency"
        case .technologyClinic: "Technology clinic"
        case .privateLab: "Private laboratory"
        }
    }
}
