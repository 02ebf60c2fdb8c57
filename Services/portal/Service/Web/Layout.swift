import Domain
import Foundation

/// What the layout shows around every page: the language and its switch, the signed-in person, the
/// navigation (with the queue counts for officers), the search box, a notice after an action.
struct Layout {
    var language: Language
    var csrf: String?
    var values: [String: Any]

    /// One item of the navigation.
    struct NavItem {
        var label: String
        var path: String
    }

    static func navigation(for account: Account?) -> [NavItem] {
        guard let account else { return [] }
        switch account.role {
        case .officer:
            // Intake refuses file imports from an officer scoped to a region (a file may hold every region's rows).
            return [NavItem(label: "navQueues", path: "/queues"), NavItem(label: "navRequests", path: "/requests"),
                    NavItem(label: "navEnterprises", path: "/enterprises"), NavItem(label: "navProviders", path: "/providers"),
                    NavItem(label: "navBudgets", path: "/budgets"), NavItem(label: "navRounds", path: "/rounds"),
                    NavItem(label: "navDashboard", path: "/dashboard")] + (account.region == nil ? [NavItem(label: "navImport", path: "/imports")] : [])
        case .operator:
            return [NavItem(label: "navOperations", path: "/operations"), NavItem(label: "navAccounts", path: "/operations/accounts"),
                    NavItem(label: "navAPIKeys", path: "/operations/api-keys"), NavItem(label: "navBudgets", path: "/budgets"),
                    NavItem(label: "navRounds", path: "/rounds"), NavItem(label: "navDashboard", path: "/dashboard"),
                    NavItem(label: "navImport", path: "/imports")]
        }
    }

    /// A contact person's pages: home, their party's own pages, LINE and their sessions.
    static func navigation(for contact: ContactPrincipal) -> [NavItem] {
        let own: [NavItem] = switch contact.party {
        case .enterprise:
            [NavItem(label: "navMyRequests", path: "/my/requests"), NavItem(label: "navMyCertificates", path: "/my/certificates")]
        case .provider:
            [NavItem(label: "navMyProposals", path: "/my/proposals"), NavItem(label: "navMyWork", path: "/my/work"),
             NavItem(label: "navMyCapacity", path: "/my/capacity")]
        }
        return [NavItem(label: "navMyHome", path: "/my")] + own
            + [NavItem(label: "navMyLine", path: "/my/line"), NavItem(label: "navMySessions", path: "/my/sessions")]
    }

    /// The layout for `session` (or a signed-out page) at `path`.
    static func make(session: Session?, language: Language, path: String, query: String?, queueCount: Int?, notice: String?) -> Layout {
        let labels = Labels.table(language)
        var values: [String: Any] = ["lang": language.rawValue, "path": path]
        let other: Language = language == .th ? .en : .th
        values["switchLanguage"] = other.rawValue
        values["switchLabel"] = other == .en ? "English" : "ไทย"
        values["returnPath"] = path
        if let session {
            values["signedIn"] = true
            values["userName"] = session.displayName
            let items: [NavItem]
            switch session.principal {
            case .account(let account):
                values["userRole"] = labels["role_\(account.role.rawValue)"] ?? account.role.rawValue
                if let region = account.region {
                    values["userRegion"] = language == .th ? region.nameTH : region.nameEN
                }
                values["isOfficer"] = account.role == .officer
                items = navigation(for: account)
            case .contact(let contact):
                // A contact person: their party's name in place of a role; the navigation of their party's pages.
                values["userRole"] = contact.partyName
                items = navigation(for: contact)
            }
            values["csrf"] = session.csrfToken
            values["nav"] = items.map { item -> [String: Any] in
                var entry: [String: Any] = ["label": labels[item.label] ?? item.label, "path": item.path,
                                            "current": path == item.path || (item.path != "/" && item.path != "/my" && path.hasPrefix(item.path + "/"))]
                if item.path == "/queues", let queueCount { entry["count"] = Format.number(queueCount) }
                return entry
            }
        }
        if let query { values["q"] = query }
        if let notice, let text = labels["notice_\(notice)"] { values["notice"] = text }
        return Layout(language: language, csrf: session?.csrfToken, values: values)
    }
}
