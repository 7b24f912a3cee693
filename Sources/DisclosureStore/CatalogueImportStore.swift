import DisclosureRules
import FluentKit
import Foundation
import SQLKit

extension Store {
    public struct CatalogueImportResult: Sendable, Hashable {
        /// Items imported in all.
        public var imported: Int
        /// Of which published (with a 发布日期) and drafts (to go through 保密审查 here).
        public var published: Int
        public var drafts: Int
        /// Items that were given a 索引号 here (the export had none for them).
        public var numbered: Int
    }

    /// Imports a catalogue exported from another system (rows already read by `CatalogueImport.parse`), all or
    /// nothing, in one transaction.
    ///
    /// - A row's 索引号 is kept (a published 索引号 never changes); it may not be one the agency already has. Its year
    ///   and number are read back through the agency's pattern when the 索引号 is one the pattern makes, so numbers
    ///   given later continue after it; otherwise it is stored outside the numbering (negative sequence).
    /// - A row without 索引号 is given the next one of the agency's pattern (`IndexNumberPattern`), as if catalogued by
    ///   hand; the agency must then have 索引号 settings.
    /// - A row that repeats an item the agency has (same 名称, 文号 and 成文日期, or 发布日期 when there is no 成文日期)
    ///   is refused: importing the same export twice stores nothing the second time.
    /// - Each item gets an event `catalogueItemImported` (its history says it came from the file), the file one
    ///   `catalogueImported` with the counts.
    /// - Throws: `ImportError` listing the rows (nothing stored), `StoreError.conflict` (no 索引号 settings while a row
    ///   needs a number), `StoreError.notFound` (agency).
    public func importCatalogue(rows: [CatalogueImportRow], file: String, agencyCode: String, actor: Actor, now: Date = Date()) async throws -> CatalogueImportResult {
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        let fileName = (file as NSString).lastPathComponent
        return try await retryingSpillingTransaction { tx in
            let settings = try await CatalogueSettingsRecord.query(on: tx).filter(\.$agencyID == agencyID).first()
            let pattern = try settings.map { try IndexNumberPattern($0.indexPattern) }
            if settings == nil, let first = rows.first(where: { $0.item.indexNumber == nil }) {
                throw StoreError.conflict("\(agency.name)尚未设置索引号（组织机构代码或统一社会信用代码），第\(first.row)行等没有索引号的条目无法编号；请先设置索引号或在文件中给出索引号")
            }
            let existing = try await CatalogueItemRecord.query(on: tx).filter(\.$agencyID == agencyID).all()
            var usedIndex: [String: String] = Dictionary(existing.map { ($0.indexNumber, $0.title) }, uniquingKeysWith: { a, _ in a })
            var usedSequence: Set<String> = Set(existing.map { "\($0.indexYear)/\($0.indexSequence)" })
            var nextSequence: [Int: Int] = [:], lowestSequence: [Int: Int] = [:]
            for r in existing {
                nextSequence[r.indexYear] = max(nextSequence[r.indexYear] ?? 1, r.indexSequence + 1)
                lowestSequence[r.indexYear] = min(lowestSequence[r.indexYear] ?? 0, r.indexSequence)
            }
            func key(_ title: String, _ number: String, _ date: String?) -> String { "\(title)\u{1}\(number)\u{1}\(date ?? "")" }
            var existingKeys: [String: String] = [:]
            for r in existing { existingKeys[key(r.title, r.documentNumber, r.writtenOn ?? r.publishedOn)] = r.indexNumber }
            var problems: [ImportProblem] = [], total = 0
            func problem(_ p: ImportProblem) { total += 1; if problems.count < ImportError.listed { problems.append(p) } }
            // First the rows that bring their own 索引号 (they keep it), then the others are numbered after them.
            var planned: [(CatalogueImportRow, String, Int, Int)] = []
            for row in rows {
                let i = row.item
                if let n = existingKeys[key(i.title, i.documentNumber, (i.writtenOn ?? i.publishedOn)?.description)] {
                    problem(ImportProblem(row: row.row, column: CatalogueColumn.title.rawValue, message: "“\(i.title)”（文号“\(i.documentNumber)”）已在目录中，索引号 \(n)"))
                    continue
                }
                guard let index = i.indexNumber else { continue }
                if let title = usedIndex[index] {
                    problem(ImportProblem(row: row.row, column: CatalogueColumn.indexNumber.rawValue, message: "索引号“\(index)”已被目录中的“\(title)”使用"))
                    continue
                }
                usedIndex[index] = i.title
                let year = IndexNumberPattern.year(of: i)
                var sequence: Int?
                if let pattern, let s = settings, let digits = Int(String(index.reversed().prefix { $0.isNumber }.reversed())),
                   (try? pattern.render(organisationCode: s.organisationCode, year: year, sequence: digits, category: i.category, topic: i.topic)) == index,
                   !usedSequence.contains("\(year)/\(digits)") {
                    sequence = digits
                    nextSequence[year] = max(nextSequence[year] ?? 1, digits + 1)
                }
                let seq = sequence ?? { let s = (lowestSequence[year] ?? 0) - 1; lowestSequence[year] = s; return s }()
                usedSequence.insert("\(year)/\(seq)")
                planned.append((row, index, year, seq))
            }
            for row in rows where row.item.indexNumber == nil {
                let i = row.item
                guard existingKeys[key(i.title, i.documentNumber, (i.writtenOn ?? i.publishedOn)?.description)] == nil, let pattern, let s = settings else { continue }
                let year = IndexNumberPattern.year(of: i)
                var seq = nextSequence[year] ?? 1
                var index = try pattern.render(organisationCode: s.organisationCode, year: year, sequence: seq, category: i.category, topic: i.topic)
                while usedIndex[index] != nil || usedSequence.contains("\(year)/\(seq)") {
                    seq += 1
                    index = try pattern.render(organisationCode: s.organisationCode, year: year, sequence: seq, category: i.category, topic: i.topic)
                }
                nextSequence[year] = seq + 1
                usedIndex[index] = i.title; usedSequence.insert("\(year)/\(seq)")
                planned.append((row, index, year, seq))
            }
            if total > 0 { throw ImportError(file: file, what: "政府信息公开目录", problems: problems, total: total) }
            var published = 0
            for (row, index, year, seq) in planned.sorted(by: { $0.0.row < $1.0.row }) {
                let r = CatalogueItemRecord()
                r.agencyID = agencyID; r.indexNumber = index; r.indexYear = year; r.indexSequence = seq
                r.createdBy = actor.name; r.createdAt = now
                Self.fill(r, from: row.item, now: now)
                if row.item.state == .published { r.publishedBy = actor.name; published += 1 }
                try await r.create(on: tx)
                try await EventLog.append(.catalogueItemImported, on: tx, agency: agencyID, actor: actor, at: now,
                                          after: ["item": r.id!.uuidString, "indexNumber": index, "title": row.item.title, "file": fileName,
                                                  "row": String(row.row), "state": row.item.state.rawValue])
            }
            let result = CatalogueImportResult(imported: planned.count, published: published, drafts: planned.count - published,
                                               numbered: rows.filter { $0.item.indexNumber == nil }.count)
            try await EventLog.append(.catalogueImported, on: tx, agency: agencyID, actor: actor, at: now,
                                      after: ["file": fileName, "imported": String(result.imported), "published": String(result.published),
                                              "drafts": String(result.drafts)], detail: fileName)
            return result
        }
    }
}
