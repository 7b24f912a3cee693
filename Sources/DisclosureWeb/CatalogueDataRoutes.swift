import DisclosureRules
import DisclosureService
import Foundation
import Vapor

/// One input of the month grid: its form name (`m3_penalty`), the value shown (as typed when refused) and its problem.
struct DecisionCell: Encodable {
    var name: String
    /// The column's label and the month, for phones (cards) and screen readers.
    var label: String
    var value: String
    var error: String?
}

struct DecisionMonthRow: Encodable {
    var month: Int
    var cells: [DecisionCell]
}

struct DecisionsPage: Encodable {
    var page: PageInfo
    var agencies: [AgencyInfo]
    var agency: String
    var year: Int
    var years: [Int]
    var format2019: Bool
    /// Column heads, in the grid's order.
    var columns: [String]
    var rows: [DecisionMonthRow]
    /// What table 二 uses, per column ("" when not entered), with the column's label.
    var totals: [Labeled]
    /// Figures entered for the whole year (shown when some column has no month), per column.
    var yearly: [Labeled]

    struct Labeled: Encodable { var label: String; var value: String }
    /// 2019 format: 上一年项目数量 / 本年增减 lines and 政府集中采购, as entered for the year.
    var projects: [String]
    var canEdit: Bool
    /// The day the year's report was published (the figures are then read only).
    var frozenOn: String?
    var message: String?
    var error: String?
    var details: [String]
}

struct CatalogueImportPage: Encodable {
    var page: PageInfo
    var agencies: [AgencyInfo]
    var agency: String
    var outcome: CatalogueImportOutcome?
    var error: String?
    var details: [String]
}

/// The decision counts of table 二 by month (`/staff/catalogue/decisions`, issue 12 point 4) and the import of a
/// catalogue exported from another system (`/staff/catalogue/import`, point 5).
func registerCatalogueData(_ app: Application) throws {
    let staff = app.grouped(CSRFMiddleware()).grouped("staff").grouped(StaffSessionMiddleware())
    let uploadLimit = ByteCount(value: app.platform.settings.maxUploadBytes)

    @Sendable func kinds(_ format2019: Bool) -> [DecisionKind] { format2019 ? DecisionKind.allCases : DecisionKind.allCases.filter { $0 != .otherService } }
    @Sendable func text(_ v: Int?) -> String { v.map(String.init) ?? "" }
    @Sendable func text(_ v: Decimal?) -> String { v.map { "\($0)" } ?? "" }

    /// The page for an agency and year; `typed` (form values) and `errors` when a save was refused.
    @Sendable func decisionsPage(_ req: Request, agency: String?, year: Int?, typed: [String: String]? = nil, errors: [String: String] = [:],
                       message: String? = nil, error: String? = nil, details: [String] = []) async throws -> DecisionsPage {
        let m = try req.member
        try req.service.authorize(m, .readCatalogue)
        let choices = try await req.agencyChoices()
        let code = try agency.flatMap { $0.isEmpty ? nil : $0 } ?? req.chosenAgency(choices) ?? ""
        let today = try CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: req.now)
        // Default: last year, unless its report is published (frozen) — then this year.
        var y = year ?? (today.year - 1)
        try Service.checkReportYear(y, now: req.now)
        var o = try await req.service.decisionFigures(agencyCode: code, year: y, by: m)
        if year == nil, o.frozenOn != nil {
            y = today.year
            o = try await req.service.decisionFigures(agencyCode: code, year: y, by: m)
        }
        let f2019 = o.format == .f2019
        let ks = kinds(f2019)
        let columns = ks.map { req.t("catalogueData.kind.\($0.rawValue)") } + [req.t("catalogueData.fees")]
        let byMonth = Dictionary(uniqueKeysWithValues: o.months.map { ($0.month, $0) })
        let rows = (1...12).map { month in
            let f = byMonth[month]
            let cells = ks.map { k in
                let name = "m\(month)_\(k.rawValue)"
                return DecisionCell(name: name, label: req.t("catalogueData.kind.\(k.rawValue)"), value: typed?[name] ?? text(f?[k]), error: errors[name])
            } + [DecisionCell(name: "m\(month)_fees", label: req.t("catalogueData.fees"), value: typed?["m\(month)_fees"] ?? text(f?.feesWanYuan),
                              error: errors["m\(month)_fees"])]
            return DecisionMonthRow(month: month, cells: cells)
        }
        func values(_ d: DecisionFigures?) -> [String] {
            let counts: [DecisionKind: Int?] = [.licensing: d?.licensingDecisions, .otherService: d?.otherServiceDecisions,
                                                .penalty: d?.penaltyDecisions, .enforcement: d?.enforcementDecisions]
            return ks.map { text(counts[$0] ?? nil) } + [text(d?.feesWanYuan)]
        }
        var projects: [String] = []
        if f2019, let d = o.yearly {
            for (k, p) in [(DecisionKind.licensing, d.licensingProjects), (.otherService, d.otherServiceProjects), (.penalty, d.penaltyProjects),
                           (.enforcement, d.enforcementProjects)] where p != nil {
                projects.append(req.t("catalogueData.project", ["row": req.t("catalogueData.kind.\(k.rawValue)"), "previous": String(p!.previousYear), "change": String(p!.change)]))
            }
            if let p = d.feeProjects {
                projects.append(req.t("catalogueData.project", ["row": req.t("catalogueData.feeRow"), "previous": String(p.previousYear), "change": String(p.change)]))
            }
            if d.procurementProjects != nil || d.procurementAmount != nil {
                projects.append(req.t("catalogueData.procurement", ["n": text(d.procurementProjects), "amount": text(d.procurementAmount)]))
            }
        }
        return DecisionsPage(page: PageInfo(req, title: req.t("page.catalogueDecisions")), agencies: choices, agency: code, year: y,
                             years: Array((2019...today.year).reversed()), format2019: f2019, columns: columns, rows: rows,
                             totals: zip(columns, values(o.effective)).map { .init(label: $0.0, value: $0.1) },
                             yearly: zip(columns, values(o.yearly)).map { .init(label: $0.0, value: $0.1) }, projects: projects,
                             canEdit: m.role.may(.editCatalogue) && o.frozenOn == nil, frozenOn: o.frozenOn, message: message, error: error, details: details)
    }

    staff.get("catalogue", "decisions") { req async throws -> View in
        var done = (try? req.query.get(String.self, at: "done")).map { req.t("catalogueData.done.\($0 == "import" ? "import" : "saved")") }
        if let n = try? req.query.get(Int.self, at: "decisions") {
            done = req.t("catalogueData.done.list", ["n": String(n), "other": String((try? req.query.get(Int.self, at: "other")) ?? 0)])
        } else if let months = try? req.query.get(Int.self, at: "months") {
            done = req.t("catalogueData.done.monthly", ["months": String(months)])
        }
        return try await req.view.render("catalogue-decisions", decisionsPage(req, agency: try? req.query.get(String.self, at: "agency"),
                                                                              year: try? req.query.get(Int.self, at: "year"), message: done))
    }

    // The month grid, saved all or nothing: every cell is checked first; a refused cell is named beside itself.
    staff.post("catalogue", "decisions") { req async throws -> Response in
        let m = try req.member
        let form = try req.content.decode([String: String].self)
        let agency = form["agencyCode"] ?? "", yearText = form["year"] ?? ""
        guard let year = Int(yearText) else { throw ServiceError(.invalidInput, "年度应为数字，收到“\(yearText)”", field: "year") }
        try req.service.authorize(m, .editCatalogue, agencyCode: agency)
        let current = try await req.service.decisionFigures(agencyCode: agency, year: year, by: m)
        let ks = kinds(current.format == .f2019)
        var errors: [String: String] = [:]
        var months: [MonthlyDecisionFigures] = []
        for month in 1...12 {
            var f = MonthlyDecisionFigures(month: month)
            for k in ks {
                let name = "m\(month)_\(k.rawValue)"
                let raw = form[name] ?? "", t = DecisionImport.halfWidth(raw)
                if t.isEmpty { continue }
                if let v = Int(t), v >= 0, v <= MonthlyDecisionFigures.maximum { f[k] = v } else { errors[name] = req.t("catalogueData.badCount", ["value": raw]) }
            }
            let name = "m\(month)_fees", raw = form[name] ?? "", t = DecisionImport.halfWidth(raw)
            if !t.isEmpty {
                if let v = Decimal(string: t, locale: Locale(identifier: "en_US_POSIX")), v >= 0, v <= Decimal(MonthlyDecisionFigures.maximum),
                   t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
                    f.feesWanYuan = v
                } else { errors[name] = req.t("catalogueData.badAmount", ["value": raw]) }
            }
            // The 2019 column is kept when the 2021 grid does not show it.
            if !ks.contains(.otherService) { f.otherService = current.months.first { $0.month == month }?.otherService }
            months.append(f)
        }
        if !errors.isEmpty {
            return try await req.view.render("catalogue-decisions", decisionsPage(
                req, agency: agency, year: year, typed: form, errors: errors, error: req.t("catalogueData.refused", ["n": String(errors.count)])))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let before = Dictionary(uniqueKeysWithValues: current.months.map { ($0.month, $0) })
        for f in months where f != (before[f.month] ?? MonthlyDecisionFigures(month: f.month)) {
            try await req.service.setMonthlyDecisionFigures(agencyCode: agency, year: year, figures: f, by: m, now: req.now)
        }
        return req.redirect(to: "/staff/catalogue/decisions" + queryString([("agency", agency), ("year", String(year)), ("done", "saved")]))
    }

    /// Saves an upload to a private temporary file for the readers; removed by the caller (`dir`).
    @Sendable func saveUpload(_ file: File, stem: String) throws -> (URL, URL) {
        let ext = (file.filename as NSString).pathExtension.lowercased()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let url = dir.appendingPathComponent("\(stem).\(ext)")
        try Data(buffer: file.data).write(to: url)
        return (dir, url)
    }
    @Sendable func named(_ s: String, _ dir: URL, _ url: URL, _ file: File) -> String {
        s.replacingOccurrences(of: url.path, with: file.filename).replacingOccurrences(of: dir.path + "/", with: "")
            .replacingOccurrences(of: url.lastPathComponent, with: file.filename)
    }

    staff.on(.POST, "catalogue", "decisions", "import", body: .collect(maxSize: uploadLimit)) { req async throws -> Response in
        struct Form: Content { var agencyCode: String?; var year: Int?; var file: File? }
        let f = try req.content.decode(Form.self)
        let agency = f.agencyCode ?? "", year = f.year ?? 0
        try req.service.authorize(try req.member, .editCatalogue, agencyCode: agency)
        func refuse(_ message: String, _ details: [String], _ status: HTTPResponseStatus) async throws -> Response {
            try await req.view.render("catalogue-decisions", decisionsPage(req, agency: agency, year: year, error: message, details: details))
                .encodeResponse(status: status, for: req)
        }
        guard let file = f.file, file.data.readableBytes > 0 else { return try await refuse(req.t("catalogueData.noFile"), [], .badRequest) }
        guard ["csv", "xlsx"].contains((file.filename as NSString).pathExtension.lowercased()) else {
            return try await refuse(req.t("catalogueData.wrongType", ["file": file.filename]), [], .badRequest)
        }
        let (dir, url) = try saveUpload(file, stem: "decisions")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let r = try await req.service.importDecisionFigures(file: url, name: file.filename, agencyCode: agency, year: year, by: try req.member, now: req.now)
            let counts: [(String, String?)] = r.form == .list ? [("decisions", String(r.decisions)), ("other", String(r.otherYears))] : [("months", String(r.months.count))]
            return req.redirect(to: "/staff/catalogue/decisions" + queryString([("agency", agency), ("year", String(year)), ("done", "import")] + counts))
        } catch let e as ServiceError where [.importRejected, .unreadable, .invalidInput, .conflict].contains(e.code) {
            return try await refuse(named(e.message, dir, url, file), e.details.map { named($0, dir, url, file) }, httpStatus(e))
        }
    }

    staff.get("catalogue", "import") { req async throws -> View in
        try req.service.authorize(try req.member, .manageCatalogue)
        let choices = try await req.agencyChoices()
        return try await req.view.render("catalogue-import", CatalogueImportPage(
            page: PageInfo(req, title: req.t("page.catalogueImport")), agencies: choices, agency: try req.chosenAgency(choices) ?? "", outcome: nil, error: nil, details: []))
    }

    staff.on(.POST, "catalogue", "import", body: .collect(maxSize: uploadLimit)) { req async throws -> Response in
        struct Form: Content { var agencyCode: String?; var file: File? }
        let f = try req.content.decode(Form.self)
        let agency = f.agencyCode ?? ""
        try req.service.authorize(try req.member, .manageCatalogue, agencyCode: agency)
        var page = CatalogueImportPage(page: PageInfo(req, title: req.t("page.catalogueImport")), agencies: try await req.agencyChoices(), agency: agency,
                                       outcome: nil, error: nil, details: [])
        guard let file = f.file, file.data.readableBytes > 0 else {
            page.error = req.t("catalogueData.noFile")
            return try await req.view.render("catalogue-import", page).encodeResponse(status: .badRequest, for: req)
        }
        guard ["csv", "xlsx"].contains((file.filename as NSString).pathExtension.lowercased()) else {
            page.error = req.t("catalogueData.wrongType", ["file": file.filename])
            return try await req.view.render("catalogue-import", page).encodeResponse(status: .badRequest, for: req)
        }
        let (dir, url) = try saveUpload(file, stem: "catalogue")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            page.outcome = try await req.service.importCatalogue(file: url, name: file.filename, agencyCode: agency, by: try req.member, now: req.now)
            return try await req.view.render("catalogue-import", page).encodeResponse(for: req)
        } catch let e as ServiceError where [.importRejected, .unreadable, .invalidInput, .conflict].contains(e.code) {
            page.error = named(e.message, dir, url, file)
            page.details = e.details.map { named($0, dir, url, file) }
            return try await req.view.render("catalogue-import", page).encodeResponse(status: httpStatus(e), for: req)
        }
    }
}
