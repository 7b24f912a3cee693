import Foundation

/// How one application is charged the information processing fee (信息处理费). 国办函〔2020〕109号第三条: an application
/// is charged by one method only, never both — hence one case per application.
public enum FeeBasis: Codable, Sendable, Hashable {
    /// 按件计收 (第四条): `runningNumber` is the application's number k (1, 2, …) among the same applicant's
    /// applications in the same calendar month (自然月).
    case perApplication(runningNumber: Int)
    /// 按量计收 (第五条): the number of pages provided for this application.
    case perVolume(pages: Int)
}

/// The fee tariff of 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号), kept as data so a corrected reading can
/// replace it. Amounts are whole 元. Both tariffs are progressive over the excess (超额累进, 第三条).
///
/// Reading of 第四条（三）"以10件为一档，每增加一档，收费标准提高100元/件" (an interpretation, see
/// cases/deadlines.md): the 31st–40th application of the month cost 200 元 each, the 41st–50th 300 元, and so on.
public struct FeeSchedule: Codable, Sendable, Hashable {
    /// A fixed price for applications number `from`…`through` (inclusive; `through == nil`: no upper end).
    public struct ApplicationTier: Codable, Sendable, Hashable {
        public var from: Int
        public var through: Int?
        /// 元 per application.
        public var yuanPerApplication: Int
        public init(from: Int, through: Int?, yuanPerApplication: Int) {
            self.from = from; self.through = through; self.yuanPerApplication = yuanPerApplication
        }
    }

    /// Beyond the last bounded application tier: every further `bandSize` applications the price rises by
    /// `increasePerBand` 元 per application.
    public struct Escalation: Codable, Sendable, Hashable {
        public var bandSize: Int
        /// 元 per application added for each band.
        public var increasePerBand: Int
        public init(bandSize: Int, increasePerBand: Int) { self.bandSize = bandSize; self.increasePerBand = increasePerBand }
    }

    /// A price for pages `from`…`through` of one application (inclusive; `through == nil`: no upper end).
    public struct PageTier: Codable, Sendable, Hashable {
        public var from: Int
        public var through: Int?
        /// 元 per page.
        public var yuanPerPage: Int
        public init(from: Int, through: Int?, yuanPerPage: Int) { self.from = from; self.through = through; self.yuanPerPage = yuanPerPage }
    }

    /// 按件计收 tiers, contiguous from application 1.
    public var applicationTiers: [ApplicationTier]
    /// The escalation after the last application tier (which must then be bounded).
    public var applicationEscalation: Escalation?
    /// 按量计收 tiers, contiguous from page 1.
    public var pageTiers: [PageTier]
    /// Where the tariff comes from.
    public var source: String

    public init(applicationTiers: [ApplicationTier], applicationEscalation: Escalation?, pageTiers: [PageTier], source: String) {
        self.applicationTiers = applicationTiers; self.applicationEscalation = applicationEscalation
        self.pageTiers = pageTiers; self.source = source
    }

    /// 国办函〔2020〕109号: 第四条 per application (≤10 free; 11–30: 100元/件; then +100元/件 per 10 applications),
    /// 第五条 per volume (≤30 pages free; 31–100: 10元/页; 101–200: 20元/页; from 201: 40元/页).
    public static let standard = FeeSchedule(
        applicationTiers: [
            ApplicationTier(from: 1, through: 10, yuanPerApplication: 0),
            ApplicationTier(from: 11, through: 30, yuanPerApplication: 100),
        ],
        applicationEscalation: Escalation(bandSize: 10, increasePerBand: 100),
        pageTiers: [
            PageTier(from: 1, through: 30, yuanPerPage: 0),
            PageTier(from: 31, through: 100, yuanPerPage: 10),
            PageTier(from: 101, through: 200, yuanPerPage: 20),
            PageTier(from: 201, through: nil, yuanPerPage: 40),
        ],
        source: "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第三条至第五条")

    /// The largest page count accepted for one application (按量计收): far beyond any real answer, small enough that
    /// no fee computation can overflow. 条例 and 办法 set no maximum; this is a plausibility bound.
    public static let maximumPages = 1_000_000
    /// The largest running number of an applicant's applications in one calendar month (按件计收), a plausibility bound.
    public static let maximumApplicationNumber = 100_000

    /// Checks a basis against the plausibility bounds.
    /// - Throws: `InputError` (`.pages` / `.applicationNumber`) for a count below 1 or above the bound.
    public static func check(_ basis: FeeBasis) throws {
        switch basis {
        case .perApplication(let k):
            guard (1...maximumApplicationNumber).contains(k) else {
                throw InputError(.applicationNumber, "应为1至\(maximumApplicationNumber)（收到 \(k)）")
            }
        case .perVolume(let p):
            guard (0...maximumPages).contains(p) else { throw InputError(.pages, "应为0至\(maximumPages)页（收到 \(p)）") }
        }
    }

    /// The fee in 元 for the applicant's `k`th application in a calendar month under 按件计收 (第四条).
    /// For the standard tariff: k ≤ 10 → 0; 11–30 → 100; 31–40 → 200; 41–50 → 300; …
    /// - Throws: `InputError` when k is outside 1…`maximumApplicationNumber`; `ClockError.invalidInput` when a
    ///   (custom) tariff's amount would overflow.
    public func fee(forApplicationNumber k: Int) throws -> Int {
        try Self.check(.perApplication(runningNumber: k))
        for t in applicationTiers where k >= t.from && k <= (t.through ?? Int.max) { return t.yuanPerApplication }
        guard let last = applicationTiers.last else { return 0 }
        guard let step = applicationEscalation, let end = last.through, step.bandSize > 0 else { return last.yuanPerApplication }
        let bands = (k - end + step.bandSize - 1) / step.bandSize
        return try Self.checked(last.yuanPerApplication, plus: bands, times: step.increasePerBand)
    }

    /// The total in 元 for an applicant's first `n` applications of a calendar month, each charged per application.
    /// - Throws: as `fee(forApplicationNumber:)`.
    public func totalFee(applicationsInMonth n: Int) throws -> Int {
        guard n >= 1 else { return 0 }
        var total = 0
        for k in 1...n { total = try Self.checked(total, plus: 1, times: try fee(forApplicationNumber: k)) }
        return total
    }

    /// The fee in 元 for `p` pages of one application under 按量计收 (第五条), progressive: each page is priced by the
    /// tier it falls in. Standard tariff: p = 250 → 700 + 2000 + 2000 = 4700.
    /// - Throws: `InputError` when p is outside 0…`maximumPages`; `ClockError.invalidInput` on overflow.
    public func fee(forPages p: Int) throws -> Int {
        try Self.check(.perVolume(pages: p))
        var total = 0
        for t in pageTiers where p >= t.from {
            total = try Self.checked(total, plus: min(p, t.through ?? Int.max) - t.from + 1, times: t.yuanPerPage)
        }
        return total
    }

    /// The fee in 元 for one application, by the one method chosen for it (第三条).
    /// - Throws: as `fee(forPages:)` / `fee(forApplicationNumber:)`.
    public func fee(for basis: FeeBasis) throws -> Int {
        switch basis {
        case .perApplication(let k): try fee(forApplicationNumber: k)
        case .perVolume(let p): try fee(forPages: p)
        }
    }

    /// `a + b × c` with overflow refused.
    static func checked(_ a: Int, plus b: Int, times c: Int) throws -> Int {
        let (product, o1) = b.multipliedReportingOverflow(by: c)
        let (sum, o2) = a.addingReportingOverflow(product)
        guard !o1, !o2 else { throw ClockError.invalidInput("收费金额超出可计算的范围，请核对收费标准和数量") }
        return sum
    }

    /// A Chinese line explaining the fee, citing the article, e.g. `按件计收：本月第35件申请，200元（国办函〔2020〕109号第四条）`.
    /// - Throws: as `fee(for:)`.
    public func explanation(for basis: FeeBasis) throws -> String {
        switch basis {
        case .perApplication(let k):
            return "按件计收：同一申请人本自然月第\(k)件申请，\(try fee(forApplicationNumber: k))元（国办函〔2020〕109号第四条；不得同时按量计收，第三条）"
        case .perVolume(let p):
            var parts: [String] = []
            for t in pageTiers where p >= t.from && t.yuanPerPage > 0 {
                let upper = min(p, t.through ?? Int.max)
                parts.append("第\(t.from)—\(upper)页 \(upper - t.from + 1)页×\(t.yuanPerPage)元")
            }
            let detail = parts.isEmpty ? "" : "：" + parts.joined(separator: "＋")
            return "按量计收：\(p)页\(detail)，共\(try fee(forPages: p))元（国办函〔2020〕109号第五条；不得同时按件计收，第三条）"
        }
    }

    /// Checks that the tiers are usable: contiguous from 1, non-negative prices, only the last tier open-ended, and an
    /// escalation only after a bounded last tier. Throws `ClockError.invalidInput` with a Chinese message.
    public func validate() throws {
        func contiguous(_ ranges: [(Int, Int?)], _ what: String) throws {
            var next = 1
            for (i, r) in ranges.enumerated() {
                guard r.0 == next else { throw ClockError.invalidInput("收费标准\(what)档次不连续：应从第\(next)起，实为第\(r.0)起") }
                if let t = r.1 {
                    guard t >= r.0 else { throw ClockError.invalidInput("收费标准\(what)档次的上限小于下限") }
                    next = t + 1
                } else if i != ranges.count - 1 {
                    throw ClockError.invalidInput("收费标准\(what)只有最后一档可以不设上限")
                }
            }
        }
        try contiguous(applicationTiers.map { ($0.from, $0.through) }, "按件")
        try contiguous(pageTiers.map { ($0.from, $0.through) }, "按量")
        if applicationTiers.contains(where: { $0.yuanPerApplication < 0 }) || pageTiers.contains(where: { $0.yuanPerPage < 0 }) {
            throw ClockError.invalidInput("收费标准的金额不能为负数")
        }
        if let e = applicationEscalation, e.bandSize <= 0 || applicationTiers.last?.through == nil {
            throw ClockError.invalidInput("收费标准按件累进的档宽应为正数，且最后一档须设上限")
        }
    }
}
