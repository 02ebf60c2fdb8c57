import Contracts
import Domain
import Foundation

/// The catalogue of every message intake's problems carry, in Thai and English. One function per
/// message: a new message is added here (both languages), never written inline in a route.
public enum Messages {
    // MARK: Problem titles
    static let validationTitle = LocalizedText(th: "ข้อมูลในคำขอไม่ถูกต้อง", en: "The request has invalid fields")
    static let malformedTitle = LocalizedText(th: "อ่านเนื้อหาคำขอไม่ได้", en: "The request body could not be read")
    static let unauthenticatedTitle = LocalizedText(th: "ต้องยืนยันตัวตน", en: "Authentication required")
    static let forbiddenTitle = LocalizedText(th: "บทบาทนี้ไม่มีสิทธิ์", en: "Not allowed for this role")
    static let notFoundTitle = LocalizedText(th: "ไม่พบข้อมูล", en: "Not found")
    static let conflictTitle = LocalizedText(th: "สถานะไม่อนุญาต", en: "Conflict")
    static let unsupportedMediaTitle = LocalizedText(th: "ต้องส่งเป็น application/json", en: "Send application/json")
    static let tooLargeTitle = LocalizedText(th: "เนื้อหาคำขอใหญ่เกินไป", en: "The request body is too large")
    static let methodNotAllowedTitle = LocalizedText(th: "ไม่รองรับเมธอดนี้", en: "Method not allowed")
    static let preconditionFailedTitle = LocalizedText(th: "ข้อมูลถูกแก้ไขไปแล้ว", en: "The resource has changed")
    static let preconditionRequiredTitle = LocalizedText(th: "ต้องส่ง If-Match", en: "If-Match required")
    static let unavailableTitle = LocalizedText(th: "ระบบไม่พร้อมชั่วคราว", en: "Temporarily unavailable")
    static let internalTitle = LocalizedText(th: "เกิดข้อผิดพลาดภายใน", en: "Internal error")

    // MARK: Problem details
    static func invalidFields(_ pointers: [String]) -> LocalizedText {
        let list = pointers.joined(separator: ", ")
        return LocalizedText(th: "ข้อมูลไม่ถูกต้อง: \(list)", en: "Invalid fields: \(list)")
    }
    static let sendBearer = LocalizedText(th: "ส่ง Authorization: Bearer <token>", en: "send Authorization: Bearer <token>")
    static let bearerShape = LocalizedText(th: "ส่วนหัว Authorization ต้องเป็น 'Bearer <token>'",
                                           en: "the Authorization header must be 'Bearer <token>'")
    static let unknownToken = LocalizedText(th: "ไม่รู้จักโทเค็น หรือโทเค็นถูกเพิกถอนแล้ว", en: "the token is unknown or revoked")
    static func jwtRefused(_ reason: String) -> LocalizedText {
        LocalizedText(th: "ไม่ยอมรับ JWT: \(reason)", en: "the JWT was refused: \(reason)")
    }
    static let jwtNotConfigured = LocalizedText(th: "ระบบนี้ไม่ได้ตั้งค่าให้รับ JWT", en: "this intake is not configured to accept JWTs")
    static func forbidden(role: String, action: String, allowed: [String]) -> LocalizedText {
        let list = allowed.joined(separator: ", ")
        return LocalizedText(th: "บทบาท \(role) ไม่มีสิทธิ์ดำเนินการนี้ (บทบาทที่ทำได้: \(list))",
                             en: "role \(role) may not \(action); allowed: \(list)")
    }
    static func onlyField(_ field: String, roles: String) -> LocalizedText {
        LocalizedText(th: "เฉพาะบทบาท \(roles) เท่านั้นที่แก้ไข \(field) ได้", en: "only \(roles) may change \(field)")
    }
    static let importNeedsWholeCountry = LocalizedText(
        th: "เจ้าหน้าที่ที่รับผิดชอบเฉพาะภูมิภาคนำเข้าไฟล์ไม่ได้ เพราะไฟล์อาจมีข้อมูลของทุกภูมิภาค",
        en: "an officer scoped to a region cannot import: a file may name parties in any region")
    static let registrationNumberTaken = LocalizedText(th: "มีวิสาหกิจที่ลงทะเบียนด้วยเลขทะเบียนนี้แล้ว",
                                                       en: "an enterprise with this registration number is already registered")
    static let illegalStateTitle = LocalizedText(th: "ทำไม่ได้ในสถานะปัจจุบัน", en: "Not possible in the current state")
    static func illegalState(_ refusal: JourneyRefusal) -> LocalizedText {
        LocalizedText(th: "\(refusal.reason) (สถานะปัจจุบัน: \(refusal.currentState))", en: refusal.description)
    }
    static let noProvider = LocalizedText(th: "บัญชีนี้ไม่ได้ทำการแทนผู้ให้บริการรายใด", en: "the client acts for no provider")
    static let ownCertificatesOnly = LocalizedText(th: "วิสาหกิจเห็นเฉพาะใบรับรองของตนเอง ละ enterpriseId ไว้",
                                                   en: "an enterprise sees its own certificates only; leave enterpriseId out")
    static func certificateRefuses(_ state: CertificationState, _ error: CertificationLifecycle.TransitionError) -> LocalizedText {
        LocalizedText(th: "ใบรับรองอยู่ในสถานะ\(state.nameTH) (\(state.rawValue)): \(error.descriptionTH)",
                      en: "the certificate is \(state.rawValue): \(error.description)")
    }
    static let outsideRegion = LocalizedText(th: "อยู่นอกภูมิภาคที่ท่านรับผิดชอบ", en: "is outside the region you are scoped to")
    static func notFound(_ what: MissingResource, _ name: String) -> LocalizedText {
        LocalizedText(th: "ไม่พบ\(what.noun(in: .th)) \(name)", en: "\(what.noun(in: .en)) \(name) was not found")
    }
    static func idempotencyReused(_ key: String) -> LocalizedText {
        LocalizedText(th: "Idempotency-Key '\(key)' ถูกใช้กับคำขออื่นแล้ว", en: "Idempotency-Key '\(key)' was already used with a different request")
    }
    static func idempotencyInProgress(_ key: String) -> LocalizedText {
        LocalizedText(th: "คำขอที่ใช้ Idempotency-Key '\(key)' ยังดำเนินการอยู่หรือไม่ทราบผล ลองใหม่ด้วยคีย์ใหม่หลังตรวจสอบผล",
                      en: "the request with Idempotency-Key '\(key)' is still in progress or its outcome is unknown; check, then retry with a new key")
    }
    static func contentType(_ found: String?) -> LocalizedText {
        LocalizedText(th: "Content-Type เป็น \(found ?? "ไม่มี") ต้องส่ง application/json",
                      en: "Content-Type was \(found ?? "missing"); send application/json")
    }
    static func mergePatchType(_ found: String?) -> LocalizedText {
        LocalizedText(th: "Content-Type เป็น \(found ?? "ไม่มี") ต้องส่ง application/merge-patch+json",
                      en: "Content-Type was \(found ?? "missing"); send application/merge-patch+json")
    }
    static func tooLarge(limit: Int) -> LocalizedText {
        LocalizedText(th: "เนื้อหาคำขอต้องไม่เกิน \(limit) ไบต์", en: "the request body must be at most \(limit) bytes")
    }
    static func methodNotAllowed(_ method: String, allowed: [String]) -> LocalizedText {
        let list = allowed.joined(separator: ", ")
        return LocalizedText(th: "ไม่รองรับ \(method) ที่นี่ ใช้ได้: \(list)", en: "\(method) is not supported here; use \(list)")
    }
    static func staleVersion(current: String) -> LocalizedText {
        LocalizedText(th: "If-Match ไม่ตรงกับรุ่นปัจจุบัน \(current) อ่านข้อมูลใหม่แล้วส่งอีกครั้ง",
                      en: "If-Match does not match the current version \(current); read the resource again and retry")
    }
    static func alreadyExists(current: String) -> LocalizedText {
        LocalizedText(th: "มีข้อมูลนี้อยู่แล้ว (รุ่น \(current)) จึงสร้างใหม่ด้วย If-None-Match: * ไม่ได้ ให้อ่านแล้วแก้ไขด้วย If-Match",
                      en: "it exists already (version \(current)), so If-None-Match: * cannot create it; read it and change it with If-Match")
    }
    static let doesNotExistYet = LocalizedText(th: "ยังไม่มีข้อมูลนี้ จึงแก้ไขด้วย If-Match ไม่ได้ ให้สร้างด้วย If-None-Match: *",
                                               en: "it does not exist yet, so If-Match cannot change it; create it with If-None-Match: *")
    static let createOrChangeMissing = LocalizedText(th: "ต้องส่ง If-None-Match: * เพื่อสร้าง หรือ If-Match พร้อม ETag ที่อ่านได้ล่าสุดเพื่อแก้ไข",
                                                     en: "send If-None-Match: * to create it, or If-Match with the ETag last read to change it")
    static let ifMatchMissing = LocalizedText(th: "การแก้ไขต้องส่ง If-Match พร้อม ETag ที่อ่านได้ล่าสุด",
                                              en: "an update must send If-Match with the ETag last read")
    static let databaseDown = LocalizedText(th: "ติดต่อฐานข้อมูลไม่ได้ โปรดลองใหม่ในอีกสักครู่", en: "the database is not reachable; retry shortly")
    static func internalError(_ requestID: String) -> LocalizedText {
        LocalizedText(th: "บันทึกข้อผิดพลาดไว้แล้ว รหัสคำขอ \(requestID)", en: "the error was logged with request id \(requestID)")
    }
    static func malformedJSON(_ reason: String) -> LocalizedText {
        LocalizedText(th: "ไม่ใช่ JSON ที่ถูกต้อง: \(reason)", en: "invalid JSON: \(reason)")
    }
    static func patchConflict(_ pointers: [String]) -> LocalizedText {
        let list = pointers.joined(separator: ", ")
        return LocalizedText(th: "การแก้ไขขัดกับข้อมูลที่บันทึกไว้: \(list)", en: "the change conflicts with the stored values: \(list)")
    }
    static let notNull = LocalizedText(th: "ต้องไม่เป็น null (ละสมาชิกนี้ไว้แทน)", en: "must not be null (leave the member out instead)")
    static let bodyNotObject = LocalizedText(th: "เนื้อหาคำขอต้องเป็นออบเจ็กต์ JSON", en: "the body must be a JSON object")

    // MARK: Field details
    static let required = LocalizedText(th: "ต้องระบุ", en: "is required")
    static let empty = LocalizedText(th: "ต้องไม่เป็นค่าว่าง", en: "must not be empty")
    static let invisibleOnly = LocalizedText(th: "ต้องมีตัวอักษรที่มองเห็นได้ (ไม่ใช่มีแต่ช่องว่างหรืออักขระความกว้างศูนย์)",
                                             en: "must show a visible character, not only spaces or zero-width characters")
    static func tooLong(_ limit: Int, found: Int) -> LocalizedText {
        LocalizedText(th: "ยาวได้ไม่เกิน \(limit) ตัวอักษร (พบ \(found))", en: "must be at most \(limit) characters, found \(found)")
    }
    static let controlCharacters = LocalizedText(th: "มีอักขระควบคุม (เช่น NUL) ซึ่งไม่อนุญาต",
                                                 en: "contains control characters (such as NUL), which are not allowed")
    static let bidiControls = LocalizedText(th: "มีอักขระกำหนดทิศทางข้อความ (เช่น U+202E) ซึ่งทำให้ข้อความแสดงผิดจากที่บันทึก จึงไม่อนุญาต",
                                            en: "contains bidirectional formatting characters (such as U+202E), which make a text read otherwise than stored and are not allowed")
    static let repeatedKey = LocalizedText(th: "ชื่อสมาชิกนี้ซ้ำในออบเจกต์เดียวกัน (ไม่ทราบว่าค่าใดคือค่าที่ต้องการ)",
                                           en: "is repeated in its object (which of the values was meant cannot be told)")
    static func oneOf(_ allowed: [String], found: String) -> LocalizedText {
        let list = allowed.joined(separator: ", ")
        return LocalizedText(th: "ต้องเป็นค่าใดค่าหนึ่งใน \(list) (พบ '\(found)')", en: "must be one of \(list); found '\(found)'")
    }
    static let atLeastOne = LocalizedText(th: "ต้องมีอย่างน้อยหนึ่งรายการ", en: "must list at least one value")
    static func atMost(_ count: Int) -> LocalizedText {
        LocalizedText(th: "มีได้ไม่เกิน \(count) รายการ", en: "must list at most \(count) values")
    }
    static func listedTwice(_ value: String) -> LocalizedText {
        LocalizedText(th: "'\(value)' ซ้ำ", en: "'\(value)' is listed twice")
    }
    static func province(_ found: String) -> LocalizedText {
        LocalizedText(th: "ต้องเป็นรหัสจังหวัด ISO 3166-2 เช่น TH-50 (พบ '\(found)')",
                      en: "must be a Thai province ISO 3166-2 code such as TH-50; found '\(found)'")
    }
    static func between(_ low: Int, _ high: Int, found: String) -> LocalizedText {
        LocalizedText(th: "ต้องอยู่ระหว่าง \(low) ถึง \(high) (พบ \(found))", en: "must be between \(low) and \(high), found \(found)")
    }
    static let integer = LocalizedText(th: "ต้องเป็นจำนวนเต็ม", en: "must be an integer")
    static let email = LocalizedText(th: "ต้องเป็นที่อยู่อีเมล", en: "must be an e-mail address")
    static let phone = LocalizedText(th: "ต้องเป็นหมายเลขโทรศัพท์ไทย เช่น 081-234-5678 หรือ +66812345678",
                                     en: "must be a Thai phone number such as 081-234-5678 or +66812345678")
    static let uuid = LocalizedText(th: "ต้องเป็น UUID", en: "must be a UUID")
    static let timestamp = LocalizedText(th: "ต้องเป็นเวลาตาม RFC 3339", en: "must be an RFC 3339 timestamp")
    static let date = LocalizedText(th: "ต้องเป็นวันที่รูปแบบ YYYY-MM-DD", en: "must be a date YYYY-MM-DD")
    static let cursor = LocalizedText(th: "ไม่ใช่เคอร์เซอร์ที่ระบบออกให้ ใช้ลิงก์ next จากหน้าก่อน",
                                      en: "is not a cursor this API issued; follow the previous page's next link")
    static let registrationNumber = LocalizedText(th: "ต้องเป็นตัวเลข 13 หลัก", en: "must be 13 digits")
    static let registrationCheckDigit = LocalizedText(th: "เลขทะเบียนไม่ถูกต้อง (หลักสุดท้ายไม่ตรงกับหลักตรวจสอบของ 12 หลักแรก)",
                                                      en: "check digit does not match (the last digit is the mod-11 check digit of the first twelve)")
    static let needsContactAddress = LocalizedText(th: "ต้องมีอีเมล โทรศัพท์ หรือ LINE อย่างน้อยหนึ่งช่องทาง",
                                                   en: "needs at least one of email, phone, lineUserId")
    static func channelWithoutAddress(_ channel: String) -> LocalizedText {
        LocalizedText(th: "ระบุช่องทาง \(channel) แต่ไม่มีที่อยู่ของช่องทางนั้น", en: "\(channel) is listed but its address is missing")
    }
    static let language = LocalizedText(th: "ต้องเป็น th หรือ en", en: "must be th or en")
    static let foodSubgroupFoodOnly = LocalizedText(th: "ใช้กับผลิตภัณฑ์อาหารเท่านั้น", en: "applies to food products only")
    static let quadrant = LocalizedText(th: "ต้องเป็น A, B, C หรือ D", en: "must be A, B, C or D")
    static let opcYearWithStars = LocalizedText(th: "ต้องระบุเมื่อมีดาว OPC", en: "is required with opcStars")
    static let providerArea = LocalizedText(th: "ระบุจังหวัดที่ให้บริการ (จังหวัดที่ตั้งก่อน) หรือภูมิภาค",
                                            en: "list the provinces served (home province first), or regions")
    static let unknownEnterprise = LocalizedText(th: "ไม่พบวิสาหกิจนี้ในระบบ", en: "no such enterprise is registered")
    static let unknownProvider = LocalizedText(th: "ไม่พบผู้ให้บริการนี้ในระบบ", en: "no such provider is registered")
    static let unknownProduct = LocalizedText(th: "วิสาหกิจนี้ไม่มีผลิตภัณฑ์นี้", en: "the enterprise has no such product")
    static let ownEnterpriseOnly = LocalizedText(th: "วิสาหกิจยื่นคำขอให้ตนเองเท่านั้น ไม่ต้องส่ง enterpriseId",
                                                 en: "an enterprise submits requests for itself only; leave enterpriseId out")
    static let officerNamesEnterprise = LocalizedText(th: "เจ้าหน้าที่ต้องระบุวิสาหกิจที่ยื่นแทน", en: "is required when an officer submits on an enterprise's behalf")
    static let productChoice = LocalizedText(th: "ระบุ productId หรือ productName กับ productType", en: "give productId, or productName and productType")
    static let standardNeedsArea = LocalizedText(th: "การขอมาตรฐานต้องมีบริการด้านระบบมาตรฐาน (standardsSystem)",
                                                 en: "a targetStandard needs the standardsSystem service area")
    static func onlyForRole(_ role: String) -> LocalizedText {
        LocalizedText(th: "ใช้กับบทบาท \(role) เท่านั้น", en: "only for role \(role)")
    }
    static func requiredForRole(_ role: String) -> LocalizedText {
        LocalizedText(th: "ต้องระบุสำหรับบทบาท \(role)", en: "is required for role \(role)")
    }
    static let heldProductByName = LocalizedText(th: "ระบุผลิตภัณฑ์ด้วยชื่อตามรายการ products (productName)",
                                                 en: "name the product as in products (productName)")
    static let heldProductNotListed = LocalizedText(th: "ต้องเป็นชื่อของผลิตภัณฑ์ที่ลงทะเบียนในคำขอนี้",
                                                    en: "must be the name of one of the products registered here")
    static let notChangeable = LocalizedText(th: "แก้ไขผ่านเส้นทางนี้ไม่ได้", en: "cannot be changed here")
    static let idempotencyKeyShape = LocalizedText(th: "ต้องยาว 1–200 ตัวอักษร ASCII ที่พิมพ์ได้", en: "must be 1 to 200 printable ASCII characters")

    // MARK: Journey, certification and contact-preference rules
    static let rematchRequired = LocalizedText(th: "ต้องระบุ (true: จับคู่คำขอใหม่; false: คำขอสิ้นสุดเป็นถอนแล้ว)",
                                               en: "is required (true: match the request again; false: it ends withdrawn)")
    static func contactIndex(count: Int) -> LocalizedText {
        LocalizedText(th: "ผู้ติดต่อมี \(count) คน ใช้เลข 0 ถึง \(count - 1)",
                      en: "the party has \(count) contact person(s): use 0 to \(count - 1)")
    }
    static func lastChannel(mandatory: [MessageTemplate]) -> LocalizedText {
        let names = mandatory.map(\.rawValue).joined(separator: ", ")
        return LocalizedText(th: "ลบช่องทางสุดท้ายไม่ได้ ระบบต้องส่ง \(names) ได้ (ปิดข้อความที่ไม่บังคับด้วย optionalMessages: false แทน)",
                             en: "the last channel cannot be removed: the programme must be able to send \(names) "
                               + "(switch off the optional messages with optionalMessages: false instead)")
    }
    static func trackerStep(_ state: CertificationState, reportable: [String]) -> LocalizedText {
        LocalizedText(th: "สถานะ\(state.nameTH) (\(state.rawValue)) ระบบติดตามกำหนดเอง รายงานได้เฉพาะ \(reportable.joined(separator: ", "))",
                      en: "\(state.rawValue) is set by the tracker itself; report one of \(reportable.joined(separator: ", "))")
    }
    static func after(_ field: String, _ date: String) -> LocalizedText {
        LocalizedText(th: "ต้องอยู่หลัง \(field) (\(date))", en: "must be after \(field) (\(date))")
    }
    static let certifiedOnly = LocalizedText(th: "ใช้กับขั้นตอน certified (ได้รับการรับรอง) เท่านั้น", en: "goes with step certified only")
    static func reasonRequired(with state: CertificationState) -> LocalizedText {
        LocalizedText(th: "ต้องระบุเหตุผลเมื่อรายงานขั้นตอน\(state.nameTH) (\(state.rawValue))", en: "is required with step \(state.rawValue)")
    }
    static func expiryRequired(_ standard: StandardCode) -> LocalizedText {
        LocalizedText(th: "ต้องระบุ: \(standard.rawValue) มีวันหมดอายุ", en: "is required: \(standard.rawValue) expires")
    }
    static func noExpiry(_ standard: StandardCode) -> LocalizedText {
        LocalizedText(th: "\(standard.rawValue) ไม่มีวันหมดอายุ ไม่ต้องระบุ validUntil", en: "\(standard.rawValue) does not expire: leave validUntil out")
    }
    static func productScoped(_ standard: StandardCode) -> LocalizedText {
        LocalizedText(th: "\(standard.rawValue) รับรองรายผลิตภัณฑ์ ระบุ productId หรือ productName",
                      en: "\(standard.rawValue) covers a product: give productId or productName")
    }
    static let eligibleRequired = LocalizedText(th: "ต้องระบุ (true หรือ false)", en: "is required (true or false)")
    static let ineligibleReason = LocalizedText(th: "ต้องระบุเหตุผลเมื่อคำขอไม่ผ่านการคัดกรอง", en: "is required when the request is not eligible")
    static func atMostContacts(_ limit: Int, found: Int) -> LocalizedText {
        LocalizedText(th: "ผู้ติดต่อได้ไม่เกิน \(limit) คน พบ \(found)", en: "at most \(limit) contact persons, found \(found)")
    }
    static let atLeastOneContact = LocalizedText(th: "ต้องมีผู้ติดต่ออย่างน้อยหนึ่งคน", en: "must list at least one contact person")
    static let seed = LocalizedText(th: "ต้องเป็นจำนวนเต็มไม่ติดลบ 64 บิต (ตัวเลข หรือสตริงของตัวเลข)",
                                    en: "must be an unsigned 64-bit integer (a number or a string of digits)")
    static func enterpriseHasNo(_ what: MissingResource, _ id: UUID) -> LocalizedText {
        LocalizedText(th: "วิสาหกิจนี้ไม่มี\(what.noun(in: .th)) \(id.lowercased)",
                      en: "the enterprise has no \(what.noun(in: .en)) \(id.lowercased)")
    }
    static func unregisteredProvider(_ id: UUID) -> LocalizedText {
        LocalizedText(th: "ไม่มีหน่วยบริการ \(id.lowercased) ในทะเบียน", en: "no provider \(id.lowercased) is registered")
    }
}
