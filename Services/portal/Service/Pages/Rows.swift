import Domain
import Foundation

/// Tables of intake's resources as the pages show them (one concept: a resource's row).
struct RequestRows {
    let language: Language

    /// `action`: the row's link to the action that clears it (on the request's page); `actions`: forms in the row.
    func table(_ page: IntakePage<IntakeRequest>, caption: String, empty: String, next: String?, showWaiting: Bool = false,
               action: (IntakeRequest) -> Link? = { _ in nil }, actions: (IntakeRequest) -> [FormSpec] = { _ in [] }) -> Table {
        let t = Labels.table(language), names = Names(language: language)
        var columns = [t["reference"]!, t["enterprise"]!, t["product"]!, t["province"]!, t["status"]!, t["since"]!]
        if showWaiting { columns.append(t["reason"]!) }
        columns.append(t["action"]!)
        let rows = page.items.map { request -> [Table.Cell] in
            var cells: [Table.Cell] = [
                .init(text: request.reference, href: "/requests/\(request.id.lowercased)"),
                .init(text: request.enterpriseName ?? "—", href: "/enterprises/\(request.enterpriseId.lowercased)"),
                .init(text: request.productName), .init(text: names.province(request.provinceCode)),
                .init(text: language == .th ? request.statusNameTH : request.statusNameEN),
                .init(text: Format.date(request.statusSince ?? request.updatedAt, language))]
            if showWaiting {
                cells.append(.init(text: request.waiting.map { (language == .th ? $0.reasonTH : $0.reasonEN) ?? $0.reason } ?? "—"))
            }
            let link = action(request)
            cells.append(.init(text: link?.text ?? "", href: link?.href, forms: actions(request)))
            return cells
        }
        return Table(caption: caption, columns: columns, rows: rows, empty: empty, next: page.next == nil ? nil : next)
    }
}

struct ProposalRows {
    let language: Language

    /// `providerNames`: names the page already knows (until intake's proposals carry `providerName`, A4).
    func table(_ page: IntakePage<IntakeProposal>, caption: String, empty: String, withRequest: Bool, providerNames: [UUID: String] = [:],
               action: (IntakeProposal) -> Link? = { _ in nil }, actions: (IntakeProposal) -> [FormSpec] = { _ in [] }) -> Table {
        let t = Labels.table(language)
        var columns = [t["provider"]!, t["status"]!, t["score"]!, t["respondBy"]!, t["explanation"]!]
        if withRequest { columns.insert(t["reference"]!, at: 0) }
        columns.append(t["action"]!)
        let rows = page.items.map { proposal -> [Table.Cell] in
            let explanation = proposal.score.criteria.map { criterion in
                "\(Labels.criterion(criterion.criterion, language)) \(Format.number(criterion.points ?? 0))/\(Format.number(criterion.weight ?? 0))"
                    + (criterion.note.map { $0.isEmpty ? "" : " (\($0))" } ?? "")
            }.joined(separator: "; ")
            var cells: [Table.Cell] = [
                .init(text: proposal.providerName ?? providerNames[proposal.providerId]
                          ?? t["providerNumbered"]!.replacingOccurrences(of: "{id}", with: proposal.providerId.lowercased.prefix(8)),
                      href: "/providers/\(proposal.providerId.lowercased)"),
                .init(text: language == .th ? proposal.statusNameTH : proposal.statusNameEN),
                .init(text: Format.number(proposal.score.total), numeric: true),
                .init(text: Format.dateTime(proposal.respondBy, language)), .init(text: explanation)]
            if withRequest {
                cells.insert(.init(text: proposal.requestReference, href: "/requests/\(proposal.requestId.lowercased)"), at: 0)
            }
            let link = action(proposal)
            cells.append(.init(text: link?.text ?? "", href: link?.href, forms: actions(proposal)))
            return cells
        }
        return Table(caption: caption, columns: columns, numericColumns: [withRequest ? 3 : 2], rows: rows, empty: empty)
    }
}

struct ProviderRows {
    let language: Language

    func table(_ page: IntakePage<IntakeProvider>, caption: String, empty: String, next: String?,
               actions: (IntakeProvider) -> [FormSpec] = { _ in [] }) -> Table {
        let t = Labels.table(language), names = Names(language: language)
        let rows = page.items.map { provider -> [Table.Cell] in
            [.init(text: provider.name, href: "/providers/\(provider.id.lowercased)"),
             .init(text: names.providerKind(provider.kind)),
             .init(text: provider.provinceCodes.isEmpty ? names.list(provider.regions, names.region) : names.list(provider.provinceCodes, names.province)),
             .init(text: names.list(provider.serviceAreas, names.serviceArea)),
             .init(text: Format.number(provider.capacity) + (provider.activeAssignments.map { " (\(Format.number($0)) \(t["inUse"]!))" } ?? ""), numeric: true),
             .init(text: provider.qualified ? t["yes"]! : t["no"]!),
             .init(text: "", forms: actions(provider))]
        }
        return Table(caption: caption, columns: [t["provider"]!, t["kind"]!, t["serves"]!, t["serviceAreas"]!, t["capacity"]!,
                                                 t["qualified"]!, t["action"]!],
                     numericColumns: [4], rows: rows, empty: empty, next: page.next == nil ? nil : next)
    }
}

struct CertificateRows {
    let language: Language

    /// `action`: the row's link to the action that clears it.
    func table(_ page: IntakePage<IntakeCertificate>, caption: String, empty: String,
               action: (IntakeCertificate) -> Link? = { _ in nil }) -> Table {
        let t = Labels.table(language), names = Names(language: language)
        let rows = page.items.map { certificate -> [Table.Cell] in
            [.init(text: names.standard(certificate.standard), href: "/certificates/\(certificate.id.lowercased)"),
             .init(text: certificate.enterpriseName ?? t["enterprise"]!, href: "/enterprises/\(certificate.enterpriseId.lowercased)"),
             .init(text: certificate.productName ?? "—"), .init(text: certificate.number ?? "—"),
             .init(text: language == .th ? certificate.stateNameTH : certificate.stateNameEN),
             .init(text: Format.day(certificate.validUntil, language) ?? "—"),
             .init(text: action(certificate)?.text ?? "", href: action(certificate)?.href)]
        }
        return Table(caption: caption, columns: [t["standard"]!, t["enterprise"]!, t["product"]!, t["number"]!, t["state"]!, t["validUntil"]!,
                                                 t["action"]!],
                     rows: rows, empty: empty)
    }
}

/// The screening form (eligible, or not with a reason).
enum ScreeningForm {
    static func inline(request: UUID, t: [String: String]) -> FormSpec {
        FormSpec(action: "/requests/\(request.lowercased)/screening", fields: [
            .init(name: "eligible", label: t["eligibleQuestion"]!, kind: .radio,
                  options: [.init(value: "true", label: t["eligible"]!, selected: true), .init(value: "false", label: t["notEligible"]!)]),
            .init(name: "reason", label: t["reasonIfNot"]!)], submit: t["screen"]!, inline: true)
    }
}

/// Messages that failed for good (A7), each with its recipient and the form that marks it handled.
struct NotificationFailureRows {
    let language: Language

    func table(_ page: IntakePage<IntakeNotificationFailure>, caption: String, empty: String, next: String?) -> Table {
        let t = Labels.table(language)
        let rows = page.items.map { failure -> [Table.Cell] in
            [.init(text: Format.dateTime(failure.failedAt, language)),
             .init(text: failure.recipientName ?? "—", href: failure.recipientPath),
             .init(text: Labels.template(failure.template, language) + (failure.channel.map { " · \($0)" } ?? "")),
             .init(text: failure.requestReference ?? "—", href: failure.requestId.map { "/requests/\($0.lowercased)" }),
             .init(text: failure.reason),
             .init(text: "", forms: failure.resolvedAt == nil ? [FormSpec(
                action: "/notification-failures/\(failure.id.lowercased)/resolution",
                fields: [.init(name: "note", label: t["resolutionNote"]!, required: true)], submit: t["markHandled"]!, inline: true)] : [])]
        }
        return Table(caption: caption, columns: [t["when"]!, t["recipient"]!, t["message"]!, t["reference"]!, t["reason"]!, t["action"]!],
                     rows: rows, empty: empty, next: next)
    }
}

/// Withdrawing a pending proposal, with a reason (back to its request's page).
enum WithdrawProposalForm {
    static func inline(proposal: IntakeProposal, t: [String: String]) -> FormSpec {
        FormSpec(action: "/proposals/\(proposal.id.lowercased)/withdrawal", fields: [
            .init(name: "reason", label: t["reason"]!, required: true),
            .init(name: "request", label: "", kind: .hidden, value: proposal.requestId.lowercased)],
            submit: t["withdrawProposal"]!, inline: true, danger: true)
    }
}
