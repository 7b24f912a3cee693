import Foundation

extension AgencyKind {
    /// The last day to publish the annual report on `year` (条例第四十九条): 1月31日 of the following year for a
    /// department (县级以上人民政府部门), 3月31日 of the following year for a government's own report (县级以上地方人民
    /// 政府). The same date rule D1 checks a report's date against.
    public func reportDeadline(year: Int) -> CalendarDate {
        let d = DateRules.deadline(year: year, kind: self)
        return CalendarDate(year: d.year, month: d.month, day: d.day)!
    }

    /// In words, for pages and exports: "部门" (期限1月31日) or "政府" (期限3月31日).
    public var label: String {
        switch self {
        case .department: "部门"
        case .government: "政府"
        }
    }
}
