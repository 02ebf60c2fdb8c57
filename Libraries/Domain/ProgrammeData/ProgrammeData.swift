import Foundation

/// The programme's rules as data (docs/programme-data.md): the regional offices, the coupon values
/// and caps, the programme's names, the support types, each from a versioned file. The defaults
/// are bundled with Domain; a deployment replaces any of them with a file of the same name in the
/// folder `PROGRAMME_DATA_DIR` names (a mounted ConfigMap, `/etc/otop/programme`). Every service
/// loads them at start, checked field by field: a bad file stops it naming the file, the entry and
/// the field. The standards catalogue has its own override of unconfirmed facts
/// (``StandardCatalogue/overriding(with:file:)``).
public struct ProgrammeData: Sendable {
    public var regions: RegionalStructure
    public var coupons: CouponRules
    public var identity: ProgrammeIdentity
    public var supportTypes: SupportTypeCatalogue
    /// The files read from the deployment's folder (the rest are the bundled defaults).
    public var replaced: [String]

    public init(regions: RegionalStructure, coupons: CouponRules, identity: ProgrammeIdentity, supportTypes: SupportTypeCatalogue,
                replaced: [String] = []) {
        self.regions = regions
        self.coupons = coupons
        self.identity = identity
        self.supportTypes = supportTypes
        self.replaced = replaced
    }

    /// The file names a deployment's folder may hold.
    public static let fileNames = [RegionalStructure.fileName, CouponRules.fileName, ProgrammeIdentity.fileName,
                                   SupportTypeCatalogue.fileName]

    /// The bundled defaults.
    public static var bundled: ProgrammeData {
        ProgrammeData(regions: .bundledDefault, coupons: .bundledDefault, identity: .bundledDefault, supportTypes: .bundledDefault)
    }

    /// The files of `folder` where it has them, the bundled ones otherwise (`folder` `nil`: all
    /// bundled). A file of the folder that does not parse is thrown naming it (its path), its
    /// entry and its field; a file in the folder that is not a programme file is refused too (a
    /// misspelt name would otherwise leave the bundled default in force unnoticed).
    public static func load(folder: URL?) throws(ProgrammeFileError) -> ProgrammeData {
        guard let folder else { return bundled }
        let listed: [String]
        do {
            listed = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw ProgrammeFileError(file: folder.path, problem: "is not a folder that can be read (\(error.localizedDescription))")
        }
        for name in listed.sorted() where name.hasSuffix(".json") && !fileNames.contains(name) {
            throw ProgrammeFileError(file: folder.appendingPathComponent(name).path, problem:
                "is not a programme file; the folder may hold \(fileNames.joined(separator: ", "))")
        }
        var replaced: [String] = []
        func read<T>(_ name: String, _ parse: (Data, String) throws(ProgrammeFileError) -> T,
                     _ fallback: T) throws(ProgrammeFileError) -> T {
            guard listed.contains(name) else { return fallback }
            let path = folder.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ProgrammeFileError(file: path, problem: "cannot be read")
            }
            replaced.append(name)
            return try parse(data, path)
        }
        return ProgrammeData(regions: try read(RegionalStructure.fileName, RegionalStructure.parse, .bundledDefault),
                             coupons: try read(CouponRules.fileName, CouponRules.parse, .bundledDefault),
                             identity: try read(ProgrammeIdentity.fileName, ProgrammeIdentity.parse, .bundledDefault),
                             supportTypes: try read(SupportTypeCatalogue.fileName, SupportTypeCatalogue.parse, .bundledDefault),
                             replaced: replaced)
    }

    /// What the start-up log says of the files: each one's version and where it came from, and
    /// the figures no source confirms.
    public var summary: [String: String] {
        func origin(_ name: String) -> String { replaced.contains(name) ? "deployment" : "bundled" }
        return [
            "regions": "v\(regions.version) (\(origin(RegionalStructure.fileName)))",
            "coupons": "v\(coupons.version) (\(origin(CouponRules.fileName)))",
            "programme": "v\(identity.version) (\(origin(ProgrammeIdentity.fileName)))",
            "support_types": "v\(supportTypes.version) (\(origin(SupportTypeCatalogue.fileName)))",
            "unverified": (regions.unverified.map { "regions.\($0)" } + coupons.unverified.map { "coupons.\($0)" }
                + identity.unverified.map { "programme.\($0)" } + supportTypes.unverified.map { "supportTypes.\($0)" })
                .joined(separator: ","),
        ]
    }
}
