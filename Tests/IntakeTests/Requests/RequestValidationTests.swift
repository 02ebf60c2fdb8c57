import HTTPTypes
import Contracts
import Domain
import Foundation
import Testing
@testable import IntakeService

@Suite("Request body validation")
struct RequestValidationTests {
    let enterprise = UUID()
    var enterpriseClient: APIClient { APIClient(id: UUID(), name: "e", role: .enterprise, enterpriseID: enterprise, providerID: nil) }
    let officer = APIClient(id: UUID(), name: "o", role: .officer, enterpriseID: nil, providerID: nil)

    private func fields(_ body: SubmitRequestBody, for client: APIClient) -> [String] {
        do {
            _ = try body.validated(for: client)
            return []
        } catch {
            return error.errors.map(\.location)
        }
    }

    @Test("a complete body from an enterprise is accepted for its own enterprise")
    func valid() throws {
        let body = SubmitRequestBody(productName: "น้ำพริกหนุ่ม", productType: "food", serviceAreas: ["packagingDesign", "standardsSystem"],
                                     targetStandard: "tcps", description: "ยืดอายุการเก็บรักษา")
        let valid = try body.validated(for: enterpriseClient)
        #expect(valid.enterpriseID == enterprise)
        #expect(valid.targetStandard == .tcps)
        #expect(valid.serviceAreas == [.packagingDesign, .standardsSystem])
    }

    @Test("every invalid field is reported, not only the first")
    func allErrors() {
        let body = SubmitRequestBody(productType: "spaceship", serviceAreas: ["packagingDesign", "packagingDesign", "x"],
                                     targetStandard: "iso9999", description: "   ")
        #expect(fields(body, for: enterpriseClient)
            == ["/productType", "/productName", "/serviceAreas/1", "/serviceAreas/2", "/targetStandard", "/description"])
    }

    @Test("an enterprise cannot submit for another; an officer must name the enterprise")
    func ownership() {
        let forOther = SubmitRequestBody(enterpriseId: UUID().uuidString, productName: "x", productType: "food",
                                         serviceAreas: ["packagingDesign"], description: "x")
        #expect(fields(forOther, for: enterpriseClient) == ["/enterpriseId"])
        let unnamed = SubmitRequestBody(productName: "x", productType: "food", serviceAreas: ["packagingDesign"], description: "x")
        #expect(fields(unnamed, for: officer) == ["/enterpriseId"])
    }

    @Test("a target standard needs the standards-system service area")
    func standardNeedsArea() {
        let body = SubmitRequestBody(productName: "x", productType: "food", serviceAreas: ["packagingDesign"],
                                     targetStandard: "halal", description: "x")
        #expect(fields(body, for: enterpriseClient) == ["/serviceAreas"])
    }
}

@Suite("Enterprise and contact validation")
struct EnterpriseValidationTests {
    @Test("Thai phone numbers are normalised; bad ids, provinces and channels are named")
    func enterprise() throws {
        let good = RegisterEnterpriseBody(
            name: "กลุ่มทอผ้าไหมบ้านนาโพธิ์", kind: "communityEnterprise", registrationNumber: "1234567890121",
            provinceCode: "TH-31", district: "นาโพธิ์", products: [.init(name: "ผ้าไหม", productType: "textile")],
            contacts: [.init(name: "นางบุญมี", phone: "081-234-5678", channels: ["sms"])])
        let valid = try good.validated()
        #expect(valid.contacts.first?.phone == "+66812345678")
        #expect(valid.details.registrationNumber == "1234567890121")

        let bad = RegisterEnterpriseBody(
            name: "x", kind: "cooperative", registrationNumber: "12345", provinceCode: "TH-99", district: "x",
            products: [.init(name: "x", productType: "textile", foodSubgroup: "processedFood", opcStars: 6)],
            contacts: [.init(name: "x", email: "not-an-email", channels: ["line"])])
        do {
            _ = try bad.validated()
            Issue.record("expected a validation problem")
        } catch {
            #expect(error.status == .unprocessableContent)
            #expect(error.errors.map(\.location) == ["/kind", "/registrationNumber", "/provinceCode", "/products/0/foodSubgroup",
                                                     "/products/0/opcStars", "/products/0/opcYear", "/contacts/0/email",
                                                     "/contacts/0/channels"])
        }
    }
}
