import Foundation

/// Every text of the portal's pages, Thai and English side by side (one catalogue, like intake's
/// problem texts). Pages and templates name a text by its key (`t.signIn`); a key missing in either
/// language fails `LabelCatalogueTests`. Names of statuses, standards, provinces and regions come from
/// intake's answers and `Domain`.
enum Labels {
    /// Every label: the officers' pages' and the contact persons' pages' (``contactEntries``).
    static let entries: [String: (th: String, en: String)] = officerEntries.merging(contactEntries) { officer, _ in officer }

    /// The officers' and operators' pages, sign-in and the layout.
    static let officerEntries: [String: (th: String, en: String)] = [
        "appName": ("คูปองวิทย์เพื่อโอทอป", "STI Coupons for OTOP"),
        "skipToContent": ("ข้ามไปยังเนื้อหา", "Skip to content"),
        "footer": ("โครงการคูปองวิทยาศาสตร์และเทคโนโลยีเพื่อโอทอป · กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
                   "Science and technology coupons for OTOP · Ministry of Higher Education, Science, Research and Innovation"),
        "navLabel": ("เมนูหลัก", "Main menu"),
        "navQueues": ("งานที่รอดำเนินการ", "Work queues"), "navRequests": ("คำขอรับบริการ", "Requests"),
        "navEnterprises": ("วิสาหกิจ", "Enterprises"), "navProviders": ("ผู้ให้บริการ", "Providers"),
        "navBudgets": ("งบประมาณคูปอง", "Coupon budgets"), "navRounds": ("รอบจัดสรร", "Allocation rounds"),
        "navDashboard": ("ตัวชี้วัด", "KPI dashboard"), "navImport": ("นำเข้าไฟล์ CSV", "CSV import"),
        "navOperations": ("ระบบงาน", "Operations"), "navAccounts": ("บัญชีผู้ใช้", "Accounts"), "navAPIKeys": ("กุญแจ API", "API keys"),
        "navAccount": ("บัญชีของฉัน", "My account"),
        "searchLabel": ("ค้นหา", "Search"), "searchButton": ("ค้นหา", "Search"),
        "searchPlaceholder": ("ชื่อวิสาหกิจ ผู้ให้บริการ เลขที่คำขอ เลขทะเบียน หรือโทรศัพท์", "Name, reference, registration number or phone"),
        "searchTitle": ("ผลการค้นหา", "Search results"), "searchTooShort": ("พิมพ์อย่างน้อย 2 ตัวอักษร", "Type at least 2 characters"),
        "signInTitle": ("เข้าสู่ระบบ", "Sign in"), "signInButton": ("เข้าสู่ระบบ", "Sign in"), "signOut": ("ออกจากระบบ", "Sign out"),
        "username": ("ชื่อผู้ใช้", "User name"), "password": ("รหัสผ่าน", "Password"),
        "signInHelp": ("ลืมรหัสผ่าน ติดต่อผู้ดูแลระบบของหน่วยงาน", "Forgot your password? Ask your operator."),
        "signInFailed": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "The user name or password is not right"),
        "signInSlowed": ("ลองเข้าสู่ระบบผิดหลายครั้ง กรุณารอ {seconds} วินาทีแล้วลองใหม่", "Too many failed sign-ins: wait {seconds} seconds and try again"),
        "sessionExpired": ("หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง ข้อมูลที่พิมพ์ไว้ยังอยู่ในหน้าก่อนหน้า (กดย้อนกลับ)",
                           "Your session ended. Sign in again; what you typed is still on the previous page (use Back)."),
        "notice_signedOut": ("ออกจากระบบแล้ว", "You have signed out"),
        "notice_sent": ("ส่งคำสั่งแล้ว สถานะจะปรับตามในไม่กี่วินาที", "Sent; the state follows in a few seconds"),
        "notice_saved": ("บันทึกแล้ว", "Saved"), "notice_registered": ("ลงทะเบียนแล้ว", "Registered"),
        "notice_qualified": ("ผ่านการคัดกรองแล้ว", "Pre-qualified"), "notice_passwordChanged": ("เปลี่ยนรหัสผ่านแล้ว", "Password changed"),
        "notice_mustChange": ("กรุณาตั้งรหัสผ่านใหม่ก่อนใช้งาน", "Please set a new password first"),
        "notice_roundStarted": ("เริ่มรอบจัดสรรแล้ว ผลจะแสดงเมื่อคำนวณเสร็จ", "Round started; its result shows when it is solved"),
        "error403": ("ไม่มีสิทธิ์ทำรายการนี้", "You may not do this"), "error404": ("ไม่พบข้อมูล (หรืออยู่นอกภูมิภาคของท่าน)", "Not found (or outside your region)"),
        "error503": ("ระบบรับคำขอไม่ตอบสนอง กรุณาลองใหม่", "The intake service did not answer; try again"), "errorOther": ("เกิดข้อผิดพลาด", "Something went wrong"),
        "errorCSRF": ("แบบฟอร์มหมดอายุหรือไม่ได้มาจากหน้านี้ กรุณาโหลดหน้าใหม่แล้วส่งอีกครั้ง",
                      "The form was not from this page or has expired; reload the page and send it again"),
        "backHome": ("กลับหน้าแรก", "Back to the start"),
        "role": ("บทบาท", "Role"), "role_officer": ("เจ้าหน้าที่โครงการ", "Programme officer"), "role_operator": ("ผู้ดูแลระบบ", "Operator"),
        "region": ("ภูมิภาค", "Region"), "allRegions": ("ทุกภูมิภาค", "All regions"), "allProvinces": ("ทุกจังหวัด", "All provinces"), "province": ("จังหวัด", "Province"),
        "district": ("อำเภอ", "District"), "subdistrict": ("ตำบล", "Subdistrict"),
        "queuesIntro": ("งานในภูมิภาคของท่านที่ต้องการการดำเนินการ แต่ละแถวมีปุ่มดำเนินการหรือลิงก์ไปยังรายละเอียด",
                        "Work in your region that needs you; each row has its action or a link to it"),
        "queueScreening": ("คำขอรอคัดกรอง", "Requests waiting for screening"),
        "queueOverdue": ("ข้อเสนอที่เลยกำหนดตอบ", "Proposals past their response window"),
        "queueWaiting": ("คำขอที่ยังไม่ได้ผู้ให้บริการ", "Requests unmatched or waitlisted"),
        "queueUnconfirmed": ("รายงานผลแล้วแต่วิสาหกิจยังไม่ยืนยันเกิน {days} วัน", "Work reported, not confirmed for {days} days"),
        "queueIdle": ("งานที่ไม่มีความเคลื่อนไหวเกิน {days} วัน", "Assignments idle for {days} days"),
        "queueProviders": ("ผู้ให้บริการรอการคัดกรอง", "Providers waiting for pre-qualification"),
        "queueCertificates": ("ใบรับรองที่จะหมดอายุภายใน {days} วัน", "Certificates expiring within {days} days"),
        "queueFailed": ("ข้อความที่ส่งไม่สำเร็จ", "Messages that failed for good"),
        "queueEmpty": ("ไม่มีรายการ", "Nothing waiting"), "queueAll": ("ดูทั้งหมด", "See all"),
        "actOnRequest": ("ดำเนินการ", "Act on it"), "reportRenewal": ("รายงานการต่ออายุ", "Report the renewal"),
        "resolutionNote": ("บันทึกการแก้ไข", "What was done"), "markHandled": ("จัดการแล้ว", "Mark handled"),
        "recipient": ("ผู้รับ", "Recipient"), "message": ("ข้อความ", "Message"), "notice_resolved": ("บันทึกว่าจัดการแล้ว", "Marked handled"),
        "waitsFor": ("ส่วนนี้รอการเพิ่มความสามารถของระบบรับคำขอ ({addition} ใน docs/console.md)",
                     "This part waits for an intake addition ({addition} in docs/console.md)"),
        "reference": ("เลขที่คำขอ", "Reference"), "enterprise": ("วิสาหกิจ", "Enterprise"), "product": ("ผลิตภัณฑ์", "Product"),
        "status": ("สถานะ", "Status"), "since": ("ตั้งแต่", "Since"), "reason": ("เหตุผล", "Reason"), "action": ("ดำเนินการ", "Action"),
        "provider": ("ผู้ให้บริการ", "Provider"), "score": ("คะแนน", "Score"), "respondBy": ("ตอบภายใน", "Answer by"),
        "explanation": ("เหตุผลที่เสนอ (คะแนน/น้ำหนัก)", "Why proposed (points/weight)"), "kind": ("ประเภท", "Kind"),
        "serves": ("พื้นที่ให้บริการ", "Serves"), "serviceAreas": ("ด้านที่ให้บริการ", "Service areas"), "capacity": ("จำนวนงานที่รับได้", "Capacity"),
        "inUse": ("ใช้อยู่", "in use"), "qualified": ("ผ่านการคัดกรอง", "Pre-qualified"), "yes": ("ใช่", "Yes"), "no": ("ไม่", "No"),
        "standard": ("มาตรฐาน", "Standard"), "standards": ("มาตรฐานที่ให้คำปรึกษาได้", "Standards"), "number": ("เลขที่", "Number"),
        "state": ("สถานะ", "State"), "validFrom": ("วันที่ออก", "Valid from"), "validUntil": ("วันหมดอายุ", "Valid until"),
        "eligibleQuestion": ("ผลการคัดกรอง", "Screening"), "eligible": ("ผ่าน", "Eligible"), "notEligible": ("ไม่ผ่าน", "Not eligible"),
        "reasonIfNot": ("เหตุผล (ถ้าไม่ผ่าน)", "Reason (if not eligible)"), "screen": ("บันทึกผลคัดกรอง", "Screen"),
        "prequalify": ("ให้ผ่านการคัดกรอง", "Pre-qualify"), "any": ("ทั้งหมด", "Any"), "filter": ("กรอง", "Filter"),
        "results": ("รายการ", "Results"), "noneFound": ("ไม่พบรายการ", "None found"), "nextPage": ("หน้าถัดไป", "Next page"),
        "downloadCSV": ("ดาวน์โหลด CSV", "Download CSV"), "requestTitle": ("คำขอ", "Request"), "requestDetails": ("รายละเอียดคำขอ", "Request details"),
        "targetStandard": ("มาตรฐานเป้าหมาย", "Target standard"), "fiscalYear": ("ปีงบประมาณ", "Fiscal year"),
        "submittedAt": ("วันที่ยื่น", "Submitted"), "needs": ("ความต้องการ", "Needs"), "actions": ("การดำเนินการ", "Actions"),
        "assignByHand": ("มอบหมายผู้ให้บริการเอง", "Assign by hand"), "assign": ("มอบหมาย", "Assign"),
        "withdrawAssignment": ("ถอนการมอบหมาย", "Withdraw the assignment"), "rematch": ("จับคู่ผู้ให้บริการรายใหม่", "Match again"),
        "confirmOnBehalf": ("ยืนยันผลงานแทนวิสาหกิจ", "Confirm the work for the enterprise"),
        "reasonConfirm": ("เหตุผล เช่น โทรยืนยันกับประธานกลุ่มแล้ว", "Reason, e.g. confirmed by phone with the chairwoman"),
        "withdrawRequest": ("ถอนคำขอ", "Withdraw the request"), "withdrawProposal": ("ถอนข้อเสนอ", "Withdraw"),
        "proposals": ("ข้อเสนอ", "Proposals"), "noProposals": ("ยังไม่มีข้อเสนอ", "No proposals yet"), "timeline": ("ลำดับเหตุการณ์", "Timeline"),
        "when": ("เมื่อ", "When"), "what": ("เหตุการณ์", "What"), "by": ("โดย", "By"), "details": ("รายละเอียด", "Details"),
        "currentState": ("สถานะปัจจุบัน", "current state"),
        "certificateDetails": ("ใบรับรอง", "Certificate"), "certificates": ("ใบรับรอง", "Certificates"),
        "reportStep": ("รายงานขั้นตอน", "Report a step"), "step": ("ขั้นตอน", "Step"),
        "name": ("ชื่อ", "Name"), "products": ("ผลิตภัณฑ์", "Products"), "registerEnterprise": ("ลงทะเบียนวิสาหกิจ", "Register an enterprise"),
        "enterpriseName": ("ชื่อวิสาหกิจ", "Enterprise name"), "registrationNumber": ("เลขทะเบียน", "Registration number"),
        "registrationHelp": ("เลข 13 หลัก", "13 digits"), "productName": ("ชื่อผลิตภัณฑ์", "Product name"), "productType": ("ประเภทผลิตภัณฑ์", "Product type"),
        "productTypes": ("ประเภทผลิตภัณฑ์ที่ให้บริการ", "Product types served"),
        "homeProvince": ("จังหวัดที่ตั้ง", "Home province"), "otherProvinces": ("จังหวัดอื่นที่ให้บริการ", "Other provinces served"),
        "otherProvincesHelp": ("เลือกได้หลายจังหวัด (กด Ctrl หรือ ⌘ ค้างไว้ขณะคลิก)", "Choose several with Ctrl or ⌘ held while clicking"),
        "regionsServed": ("ภูมิภาคที่ให้บริการทั้งภูมิภาค", "Whole regions served"),
        "qualifiedNow": ("ผ่านการคัดกรองคุณสมบัติแล้ว", "Already pre-qualified"),
        "contactName": ("ชื่อผู้ติดต่อ", "Contact person"), "phone": ("โทรศัพท์", "Phone"), "email": ("อีเมล", "E-mail"),
        "register": ("ลงทะเบียน", "Register"), "enterpriseDetails": ("ข้อมูลวิสาหกิจ", "Enterprise"), "registeredAt": ("วันที่ลงทะเบียน", "Registered"),
        "opcStars": ("ระดับดาว (ปี)", "OPC stars (year)"), "contacts": ("ผู้ติดต่อ", "Contact persons"), "contactRole": ("ตำแหน่ง", "Role"),
        "edit": ("แก้ไข", "Edit"), "save": ("บันทึก", "Save"),
        "changedMeanwhile": ("มีผู้อื่นแก้ไขข้อมูลนี้ระหว่างที่ท่านแก้ไข ข้อมูลที่ท่านพิมพ์ยังอยู่ด้านล่าง ตรวจสอบแล้วบันทึกอีกครั้ง:",
                             "Someone changed this while you were editing; what you typed is kept below. Check and save again:"),
        "registerProvider": ("ลงทะเบียนผู้ให้บริการ", "Register a provider"), "providerName": ("ชื่อหน่วยงาน", "Provider name"),
        "providerNumbered": ("ผู้ให้บริการ {id}", "Provider {id}"),
        "providerDetails": ("ข้อมูลผู้ให้บริการ", "Provider"), "record": ("ผลงานที่ผ่านมา", "Record"),
        "completionRate": ("อัตราทำงานสำเร็จ", "Completion rate"), "meanRating": ("คะแนนความพึงพอใจเฉลี่ย", "Mean rating"),
        "declined": ("ปฏิเสธ", "Declined"), "expired": ("ไม่ตอบตามกำหนด", "Expired unanswered"),
        "budgetsByRegion": ("งบประมาณรายภูมิภาค", "Budgets by region"), "notSet": ("ยังไม่ได้ตั้ง", "Not set"), "set": ("ตั้งแล้ว", "Set"),
        "allocated": ("งบที่ได้รับ", "Allocated"), "held": ("จองไว้", "Held"), "committed": ("ผูกพัน", "Committed"), "spent": ("ใช้ไป", "Spent"),
        "released": ("คืน", "Released"), "available": ("คงเหลือ", "Available"), "baht": ("บาท", "baht"), "show": ("แสดง", "Show"),
        "budgetDetails": ("งบประมาณคูปอง", "Coupon budget"), "lastChange": ("เปลี่ยนแปลงล่าสุด", "Last change"),
        "budgetRefused": ("ตั้งงบ {requested} บาทไม่ได้: จองไว้ ผูกพัน และใช้ไปแล้ว {minimum} บาท งบต้องไม่น้อยกว่านั้น",
                          "Cannot set {requested} baht: {minimum} baht is already held, committed and spent; the budget cannot be lower"),
        "setBudget": ("ตั้งงบประมาณ", "Set the budget"), "amountBaht": ("จำนวนเงิน (บาท)", "Amount (baht)"),
        "amountInvalid": ("กรุณาใส่จำนวนเงินเป็นตัวเลขไม่ติดลบ", "Enter the amount as a whole number of baht"),
        "ledger": ("บัญชีความเคลื่อนไหว", "Ledger"), "change": ("รายการ", "Change"),
        "change_none": ("ยังไม่มี", "None yet"), "change_set": ("ตั้งงบ", "Budget set"), "change_held": ("จองไว้สำหรับข้อเสนอ", "Held for a proposal"),
        "change_unheld": ("คืนการจอง", "Hold released"), "change_committed": ("ผูกพันเมื่อมอบหมายงาน", "Committed on assignment"),
        "change_released": ("คืนงบที่ผูกพัน", "Commitment released"), "change_spent": ("เบิกจ่าย", "Spent"),
        "change_round": ("รอบจัดสรร", "Allocation round"), "change_refused": ("ตั้งงบไม่สำเร็จ", "Setting refused"),
        "pastRounds": ("รอบที่ผ่านมา", "Past rounds"), "startRound": ("เริ่มรอบจัดสรร", "Start a round"),
        "roundHelp": ("จัดสรรคำขอที่รออยู่ทั้งหมดพร้อมกันภายใต้จำนวนงานที่รับได้และงบประมาณ", "Assigns every waiting request at once under capacities and budgets"),
        "seed": ("ค่าสุ่ม (seed)", "Lottery seed"), "seedHelp": ("เว้นว่างเพื่อให้ระบบสุ่มและบันทึกไว้", "Leave blank: one is drawn and recorded"),
        "requestedAt": ("เวลาที่สั่ง", "Requested"), "requests": ("คำขอ", "Requests"), "proposedCount": ("เสนอแล้ว", "Proposed"),
        "waitlisted": ("อยู่ในรายชื่อรอ", "Waitlisted"), "objective": ("ค่าเป้าหมาย", "Objective"), "roundResult": ("ผลรอบจัดสรร", "Round result"),
        "roundPending": ("กำลังคำนวณ โหลดหน้านี้อีกครั้งในไม่กี่วินาที", "Being solved; reload in a few seconds"),
        "round_requested": ("รอคำนวณ", "Requested"), "round_completed": ("เสร็จแล้ว", "Completed"),
        "waitlistReasons": ("เหตุผลที่อยู่ในรายชื่อรอ", "Why requests were waitlisted"), "count": ("จำนวน", "Count"),
        "roundRequests": ("ผลของแต่ละคำขอ", "Each request's outcome"), "outcome": ("ผล", "Outcome"),
        "outcome_proposed": ("เสนอผู้ให้บริการ", "Proposed"), "outcome_waitlisted": ("อยู่ในรายชื่อรอ", "Waitlisted"),
        "outcome_created": ("สร้างใหม่", "Created"), "outcome_updated": ("ปรับปรุง", "Updated"), "outcome_unchanged": ("ไม่เปลี่ยนแปลง", "Unchanged"),
        "outcome_failed": ("ไม่สำเร็จ", "Failed"),
        "kpiHeadline": ("ภาพรวม", "Headline figures"), "kpiFunnel": ("เส้นทางคำขอ", "Request funnel"),
        "kpiFunnelDescription": ("จำนวนคำขอที่ได้รับ ผ่านการคัดกรอง ได้รับข้อเสนอ ได้รับมอบหมาย และเสร็จสิ้น",
                                 "Requests received, eligible, matched, assigned and completed"),
        "kpiAssignedByRegion": ("คำขอที่ได้รับมอบหมายรายภูมิภาค", "Requests assigned by region"),
        "kpiMonthly": ("คำขอรายเดือน", "Requests by month"), "kpiMonthlyDescription": ("จำนวนคำขอที่ได้รับในแต่ละเดือนของปีงบประมาณ", "Requests received in each month of the fiscal year"),
        "kpiByRegion": ("ตัวชี้วัดรายภูมิภาค", "Figures by region"), "kpiByProvince": ("ตัวชี้วัดรายจังหวัด", "Figures by province"),
        "kpiCertificates": ("ใบรับรองที่ได้รับรายมาตรฐาน", "Certificates obtained by standard"), "kpiBudgets": ("งบประมาณและการใช้จ่าย", "Budgets and spending"),
        "kpiProviders": ("ภาระงานและผลสำเร็จของผู้ให้บริการ", "Provider load and completion"),
        "kpiReceived": ("ได้รับ", "Received"), "kpiEligible": ("ผ่านคัดกรอง", "Eligible"), "kpiMatched": ("ได้รับข้อเสนอ", "Matched"),
        "kpiAssigned": ("ได้รับมอบหมาย", "Assigned"), "kpiCompleted": ("เสร็จสิ้น", "Completed"), "kpiServed": ("สถานประกอบการที่ได้รับบริการ", "Establishments served"),
        "kpiDaysToAssignment": ("มัธยฐานวันถึงการมอบหมาย", "Median days to assignment"), "kpiDaysToCompletion": ("มัธยฐานวันถึงเสร็จสิ้น", "Median days to completion"),
        "kpiDaysToCertificate": ("มัธยฐานวันถึงได้ใบรับรอง", "Median days to certificate"),
        "kpiIncome": ("รายได้เพิ่ม ≥ 10% / ที่รายงาน", "Income up ≥ 10 % / reporting"), "kpiObtained": ("ได้รับ", "Obtained"),
        "kpiRenewals": ("ต่ออายุ", "Renewals"), "kpiExpiring": ("หมดอายุใน 90 วัน", "Expiring within 90 days"),
        "stage": ("ขั้น", "Stage"), "load": ("ภาระงาน", "Load"), "asOf": ("ข้อมูล ณ", "As of"),
        "importFile": ("ไฟล์ที่จะนำเข้า", "File to import"),
        "importHelp": ("ไฟล์ CSV แบบ UTF-8 (Excel: บันทึกเป็น CSV UTF-8) ระบบจะทดลองนำเข้าก่อนและแสดงผลทุกแถว",
                       "A UTF-8 CSV file (Excel: save as CSV UTF-8); a dry run shows the outcome of every row first"),
        "importKind": ("ข้อมูล", "Data"), "csvFile": ("ไฟล์ CSV", "CSV file"), "dryRun": ("ทดลองนำเข้า", "Dry run"),
        "dryRunReport": ("ผลการทดลองนำเข้า (ยังไม่บันทึก)", "Dry run (nothing saved)"), "importReport": ("ผลการนำเข้า", "Import report"),
        "importNationalOnly": ("การนำเข้าไฟล์ทำได้โดยเจ้าหน้าที่ส่วนกลางหรือผู้ดูแลระบบ เพราะไฟล์อาจมีข้อมูลของทุกภูมิภาค",
                               "Files are imported by national officers or operators: a file may hold every region's rows"),
        "importNow": ("นำเข้าจริง", "Import now"), "importNowHelp": ("นำเข้าไฟล์เดียวกันนี้จริง (เก็บไว้ 30 นาที)", "Import this same file for real (kept 30 minutes)"),
        "importResults": ("ผลรายวิสาหกิจ/ผู้ให้บริการ", "Outcome per party"), "importProblems": ("ปัญหารายแถว", "Problems per row"),
        "noProblems": ("ไม่มีปัญหา", "No problems"), "rows": ("แถว", "Rows"), "row": ("แถว", "Row"), "column": ("คอลัมน์", "Column"), "problem": ("ปัญหา", "Problem"),
        "readiness": ("ความพร้อมของแต่ละบริการ", "Readiness of each service"), "service": ("บริการ", "Service"), "ready": ("พร้อม", "Ready"),
        "notReady": ("ไม่พร้อม", "Not ready"), "unreachable": ("ติดต่อไม่ได้", "Unreachable"),
        "deadLetters": ("เหตุการณ์ที่ประมวลผลไม่ได้ (dead letters)", "Dead letters"),
        "topic": ("หัวข้อ", "Topic"), "deadLetterTopic": ("หัวข้อ dead letter", "Dead-letter topic"), "heldLetters": ("ค้างอยู่", "Held"), "signInAudit": ("บันทึกการเข้าสู่ระบบ", "Sign-in audit"),
        "displayName": ("ชื่อที่แสดง", "Display name"), "active": ("ใช้งาน", "Active"), "disabled": ("ระงับ", "Disabled"), "revoked": ("ยกเลิกแล้ว", "Revoked"),
        "resetPassword": ("ตั้งรหัสผ่านใหม่", "Reset password"), "disable": ("ระงับ", "Disable"), "enable": ("เปิดใช้", "Enable"),
        "createAccount": ("สร้างบัญชี", "Create an account"), "initialPassword": ("รหัสผ่านเริ่มต้น", "First password"),
        "initialPasswordHelp": ("ผู้ใช้ต้องเปลี่ยนเมื่อเข้าสู่ระบบครั้งแรก", "The person changes it at the first sign-in"),
        "usernameTaken": ("ชื่อผู้ใช้นี้มีแล้ว", "That user name is taken"),
        "usernameInvalid": ("ชื่อผู้ใช้ 3–64 ตัว ใช้ตัวอักษรอังกฤษ ตัวเลข . _ - @", "User names are 3–64 letters, digits, . _ - @"),
        "displayNameInvalid": ("กรุณาใส่ชื่อที่แสดง", "Enter a display name"), "regionForOperator": ("ผู้ดูแลระบบไม่มีภูมิภาค", "Operators have no region"),
        "cannotDisableSelf": ("ระงับบัญชีของตนเองไม่ได้", "You cannot disable your own account"),
        "tokenOnce": ("โทเค็นใหม่ (แสดงครั้งเดียว คัดลอกเก็บไว้)", "New token (shown once: copy it now)"),
        "rotate": ("หมุนเวียนกุญแจ", "Rotate"), "revoke": ("ยกเลิก", "Revoke"), "credential": ("วิธียืนยันตัวตน", "Credential"),
        "createKey": ("สร้างกุญแจ API", "Create an API key"),
        "accountDetails": ("ข้อมูลบัญชี", "Account"), "changePassword": ("เปลี่ยนรหัสผ่าน", "Change password"),
        "currentPassword": ("รหัสผ่านปัจจุบัน", "Current password"), "newPassword": ("รหัสผ่านใหม่", "New password"),
        "currentPasswordWrong": ("รหัสผ่านปัจจุบันไม่ถูกต้อง", "The current password is not right"),
        "passwordPolicy": ("อย่างน้อย 10 ตัวอักษร ใช้ภาษาไทย อังกฤษ ตัวเลข หรือเว้นวรรคได้ วลีที่จำง่ายแต่ยาวปลอดภัยกว่า ห้ามใช้รหัสที่พบบ่อยหรือมีชื่อผู้ใช้",
                           "At least 10 characters; Thai, English, digits and spaces all count. A long phrase is safer than a short complicated one. No common password, no user name in it"),
        "password_tooShort": ("รหัสผ่านต้องมีอย่างน้อย 10 ตัวอักษร", "The password needs at least 10 characters"),
        "password_tooLong": ("รหัสผ่านยาวเกิน 128 ตัวอักษร", "The password is longer than 128 characters"),
        "password_common": ("รหัสผ่านนี้พบบ่อยเกินไป", "That password is too common"),
        "password_containsUsername": ("รหัสผ่านต้องไม่มีชื่อผู้ใช้", "The password must not contain the user name"),
        "password_repetitive": ("รหัสผ่านซ้ำหรือเรียงกันเกินไป", "The password repeats or runs in order"),
        "password_controlCharacter": ("รหัสผ่านมีอักขระที่ใช้ไม่ได้", "The password has a character that cannot be used"),
        "mySessions": ("การเข้าสู่ระบบที่เปิดอยู่", "Open sessions"), "signedInAt": ("เข้าสู่ระบบเมื่อ", "Signed in"),
        "lastSeen": ("ใช้งานล่าสุด", "Last seen"), "device": ("อุปกรณ์", "Device"), "thisSession": ("เครื่องนี้", "This device"),
    ]

    /// The catalogue of one language, computed once.
    static let tables: [Language: [String: String]] = [
        .th: entries.mapValues(\.th), .en: entries.mapValues(\.en),
    ]

    static func table(_ language: Language) -> [String: String] { tables[language]! }

    /// A matching criterion's name.
    static func criterion(_ code: String, _ language: Language) -> String {
        let names: [String: (String, String)] = [
            "serviceAreas": ("ด้านบริการ", "service areas"), "productType": ("ประเภทผลิตภัณฑ์", "product type"),
            "standard": ("มาตรฐาน", "standard"), "distance": ("ระยะทาง", "distance"), "capacity": ("ความสามารถรับงาน", "free capacity"),
            "completionRate": ("อัตราสำเร็จ", "completion rate"), "rating": ("ความพึงพอใจ", "rating"), "certificates": ("ใบรับรองที่ได้", "certificates")]
        guard let name = names[code] else { return code }
        return language == .th ? name.0 : name.1
    }

    /// A waitlist or unmatched reason.
    static func waitReason(_ code: String, _ language: Language) -> String {
        let names: [String: (String, String)] = [
            "regionBudgetExhausted": ("งบประมาณคูปองของภาคหมดแล้ว", "The region's coupon budget is used up"),
            "allCandidatesFull": ("ผู้ให้บริการที่เหมาะสมรับงานเต็มแล้ว", "Every suitable provider is full"),
            "noEligibleProvider": ("ไม่มีผู้ให้บริการที่ตรงกับความต้องการ", "No provider fits the needs"),
            "noProviders": ("ยังไม่มีผู้ให้บริการในพื้นที่", "No provider serves the area yet"),
            "lowerTotalScore": ("คะแนนรวมต่ำกว่าคำขออื่นในรอบ", "Lower total score than others in the round"),
            "noCandidate": ("ไม่มีผู้ให้บริการที่รับได้ในรอบนี้", "No provider could take it in this round")]
        guard let name = names[code] else { return code }
        return language == .th ? name.0 : name.1
    }

    /// A message's template (notifications' `MessageTemplate`), for the failed-messages queue.
    static func template(_ code: String, _ language: Language) -> String {
        let names: [String: (String, String)] = [
            "request-received": ("รับคำขอแล้ว", "Request received"), "request-not-eligible": ("คำขอไม่ผ่านการคัดกรอง", "Request not eligible"),
            "request-unmatched": ("ยังไม่ได้ผู้ให้บริการ", "Request unmatched"), "proposal-to-provider": ("ข้อเสนองานถึงผู้ให้บริการ", "Proposal to the provider"),
            "proposal-accepted": ("ผู้ให้บริการตอบรับ", "Proposal accepted"), "proposal-declined": ("ผู้ให้บริการปฏิเสธ", "Proposal declined"),
            "proposal-expired": ("ข้อเสนอหมดเวลา", "Proposal expired"), "response-overdue": ("เลยกำหนดตอบ", "Response overdue"),
            "request-withdrawn": ("ถอนคำขอ", "Request withdrawn"), "work-withdrawn": ("ถอนงาน", "Work withdrawn"),
            "assignment-released": ("ยกเลิกการมอบหมาย", "Assignment released"), "assigned-enterprise": ("แจ้งวิสาหกิจว่ามอบหมายงานแล้ว", "Assigned (enterprise)"),
            "assigned-provider": ("แจ้งผู้ให้บริการว่ามอบหมายงานแล้ว", "Assigned (provider)"), "work-reported": ("รายงานผลงาน", "Work reported"),
            "certification-step-changed": ("ขั้นตอนการรับรองเปลี่ยน", "Certification step changed"),
            "certificate-issued": ("ได้รับใบรับรอง", "Certificate issued"), "certification-reminder": ("แจ้งเตือนต่ออายุใบรับรอง", "Renewal reminder"),
            "certificate-expired": ("ใบรับรองหมดอายุ", "Certificate expired"), "delivery-failed-alert": ("แจ้งเจ้าหน้าที่ว่าส่งข้อความไม่สำเร็จ", "Failed delivery alert"),
            "officer-digest": ("สรุปงานประจำวันของเจ้าหน้าที่", "Officer's digest")]
        guard let name = names[code] else { return code }
        return language == .th ? name.0 : name.1
    }

    /// A certification step.
    static func step(_ code: String, _ language: Language) -> String {
        let names: [String: (String, String)] = [
            "gapAnalysis": ("วิเคราะห์ช่องว่าง", "Gap analysis"), "applied": ("ยื่นคำขอ", "Applied"), "documentReview": ("ตรวจเอกสาร", "Document review"),
            "siteInspection": ("ตรวจสถานที่", "Site inspection"), "labTesting": ("ทดสอบในห้องปฏิบัติการ", "Lab testing"),
            "committee": ("เสนอคณะกรรมการ", "Committee"), "certified": ("ได้รับการรับรอง", "Certified"), "surveillance": ("ตรวจติดตาม", "Surveillance"),
            "suspended": ("พักใช้", "Suspended"), "cancelled": ("ยกเลิก", "Cancelled"), "rejected": ("ไม่ผ่าน", "Rejected")]
        guard let name = names[code] else { return code }
        return language == .th ? name.0 : name.1
    }

    /// A timeline event type (`th.otop.match.proposed.v1` → "เสนอผู้ให้บริการ").
    static func event(_ type: String, _ language: Language) -> String {
        let short = type.replacingOccurrences(of: "th.otop.", with: "").replacingOccurrences(of: ".v1", with: "")
        let names: [String: (String, String)] = [
            "request.submitted": ("ยื่นคำขอ", "Request submitted"), "match.proposed": ("เสนอผู้ให้บริการ", "Proposed to a provider"),
            "match.accepted": ("ผู้ให้บริการตอบรับ", "Provider accepted"), "match.declined": ("ผู้ให้บริการปฏิเสธ", "Provider declined"),
            "match.expired": ("ไม่ตอบตามกำหนด", "Proposal expired"), "match.assigned": ("มอบหมายงาน", "Assigned"),
            "match.withdrawn": ("ถอน", "Withdrawn"), "match.work-reported": ("รายงานผลงาน", "Work reported"),
            "match.completed": ("ยืนยันผลงาน", "Completed"), "match.rated": ("ให้คะแนน", "Rated"), "match.unmatched": ("ยังไม่ได้ผู้ให้บริการ", "Unmatched"),
            "match.waitlisted": ("อยู่ในรายชื่อรอ", "Waitlisted"), "match.screened": ("คัดกรอง", "Screened"),
            "match.command-refused": ("คำสั่งถูกปฏิเสธ", "Command refused"), "notification.delivered": ("ส่งข้อความแล้ว", "Message delivered"),
            "notification.failed": ("ส่งข้อความไม่สำเร็จ", "Message failed"),
            "match.awaiting-screening": ("รอเจ้าหน้าที่คัดกรอง", "Waiting for screening"),
            "request.screened": ("เจ้าหน้าที่บันทึกผลคัดกรอง", "Officer screened"), "request.withdrawn": ("ถอนคำขอ", "Request withdrawn"),
            "proposal.responded": ("ผู้ให้บริการตอบข้อเสนอ", "Provider answered"), "proposal.confirmed": ("วิสาหกิจยืนยันผู้ให้บริการ", "Enterprise confirmed"),
            "proposal.withdrawal-ordered": ("สั่งถอนข้อเสนอ", "Proposal withdrawal ordered"),
            "assignment.manual-ordered": ("สั่งมอบหมายงานเอง", "Manual assignment ordered"),
            "assignment.withdrawal-ordered": ("สั่งถอนการมอบหมาย", "Assignment withdrawal ordered"),
            "work.reported": ("ผู้ให้บริการรายงานผลงาน", "Provider reported the work"), "work.confirmed": ("ยืนยันผลงาน", "Work confirmed"),
            "work.rated": ("วิสาหกิจให้คะแนน", "Enterprise rated the work"),
            "certification.planned": ("วางแผนการรับรองมาตรฐาน", "Certification planned"),
            "certification.step-reported": ("รายงานขั้นตอนการรับรอง", "Certification step reported"),
            "certification.step-changed": ("ขั้นตอนการรับรองเปลี่ยน", "Certification step changed"),
            "certification.reminder-due": ("แจ้งเตือนการต่ออายุ", "Renewal reminder"),
            "certification.report-refused": ("รายงานการรับรองถูกปฏิเสธ", "Certification report refused"),
            "round.completed": ("รอบจัดสรรเสร็จ", "Round completed")]
        guard let name = names[short] else { return short }
        return language == .th ? name.0 : name.1
    }
}
