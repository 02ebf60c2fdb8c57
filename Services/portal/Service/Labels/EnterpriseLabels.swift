import Foundation

extension Labels {
    /// The enterprise's own pages (issue 15, point 3): self-registration and its requests. Plain Thai
    /// first; the English switch shows the second text.
    static let enterpriseEntries: [String: (th: String, en: String)] = [
        // Self-registration (/register)
        "registerTitle": ("สมัครเข้าร่วมโครงการสำหรับวิสาหกิจ", "Apply to join the programme as an enterprise"),
        "registerIntro": ("กรอกข้อมูลวิสาหกิจ ผลิตภัณฑ์หนึ่งรายการ และผู้ติดต่อ เจ้าหน้าที่ในภูมิภาคของท่านจะตรวจสอบและโทรกลับ",
                          "Your enterprise, one product and a contact person: an officer of your region checks them and calls you back"),
        "registerNumberHelp": ("เลขทะเบียนวิสาหกิจชุมชน 13 หลัก ถ้ามี", "The enterprise's 13-digit registration number, if it has one"),
        "registerProductHelp": ("ผลิตภัณฑ์ที่ต้องการพัฒนา เพิ่มรายการอื่นได้ภายหลัง", "The product you want to improve; add others later"),
        "registerPhoneHelp": ("เบอร์มือถือ รับรหัสเข้าสู่ระบบทาง SMS", "A mobile number: sign-in codes come by SMS"),
        "chooseProvince": ("เลือกจังหวัด", "Choose a province"), "registerSubmit": ("ส่งใบสมัคร", "Send the application"),
        "registerFix": ("กรุณาแก้ไขช่องที่มีข้อความแจ้ง", "Please correct the fields marked below"),
        "registerTooMany": ("มีการสมัครจากที่นี่มากเกินไป กรุณาลองใหม่ในอีก {minutes} นาที",
                            "Too many applications from here; please try again in {minutes} minutes"),
        "registerThanksTitle": ("ได้รับใบสมัครแล้ว ขอบคุณ", "Thank you: your application has arrived"),
        "registerNextHeading": ("ขั้นตอนต่อไป", "What happens next"),
        "registerThanks": ("เจ้าหน้าที่โครงการในภูมิภาคของท่านจะตรวจสอบข้อมูลและโทรหาผู้ติดต่อ เมื่อยืนยันแล้วท่านเข้าสู่ระบบด้วยเบอร์โทรศัพท์ที่ให้ไว้ แล้วยื่นคำขอรับบริการได้",
                           "An officer of your region checks the details and calls the contact person; once verified, sign in with the phone you gave and submit a request"),
        "registerSignIn": ("เข้าสู่ระบบด้วยเบอร์โทรศัพท์", "Sign in with your phone"),
        // My requests
        "myRequestsIntro": ("คำขอรับบริการของวิสาหกิจของท่าน สถานะ และขั้นตอนต่อไป", "Your enterprise's requests, their state and what happens next"),
        "myNoRequests": ("ยังไม่มีคำขอ", "No requests yet"), "nextStep": ("ขั้นตอนต่อไป", "What happens next"),
        "whoActs": ("ผู้ดำเนินการ", "Who acts"), "byWhen": ("ภายใน", "By when"), "requestEnded": ("คำขอนี้สิ้นสุดแล้ว", "This request has ended"),
        "myTimeline": ("ความเป็นมาของคำขอ", "What happened so far"),
    ]
}
