/// How much one import takes. The CSV routes read their bodies up to `maxBytes` (the rest of the
/// API keeps its 1 MiB limit, ``IntakeRequestContext/maxUploadSize``).
enum ImportLimits {
    /// 16 MiB: 20,000 rows of about 800 bytes (Thai text is 3 bytes a character in UTF-8).
    static let maxBytes = 16 << 20
    /// Rows with values per file.
    static let maxRows = 20_000
}
