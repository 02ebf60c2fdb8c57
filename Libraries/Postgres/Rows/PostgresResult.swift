/// What one statement of a pipeline returned: its rows (empty for statements without any) and the
/// number of rows it inserted, updated or deleted.
public struct PostgresResult: Sendable {
    public var rows: [PostgresRow]
    public var affectedRows: Int

    public init(rows: [PostgresRow], affectedRows: Int) {
        self.rows = rows
        self.affectedRows = affectedRows
    }
}
