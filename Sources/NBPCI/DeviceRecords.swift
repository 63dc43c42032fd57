import Foundation
import NBSystem
import SystemPackage

/// What nbshim keeps under run/nbshim about the devices it takes, so that a crash leaves a trail
/// (`nbshim status` reads it back):
///
///     run/nbshim/bound/BDF        how the device was before nbshim bound it (BindingRecord)
///     run/nbshim/owner/BDF        the nbshim attach that drives it (OwnerRecord)
///     run/nbshim/owner/BDF.lock   locked by that process for as long as it runs (DeviceLock)
///
/// Records are JSON objects, replaced whole (temporary file, then rename), so a reader never sees
/// half of one.
public struct StateDirectory: Sendable {
    public var root: String

    public init(paths: HostPaths) { root = paths.run + "/nbshim" }

    public func bindingPath(_ a: PCIAddress) -> String { root + "/bound/\(a)" }
    public func ownerPath(_ a: PCIAddress) -> String { root + "/owner/\(a)" }
    public func lockPath(_ a: PCIAddress) -> String { root + "/owner/\(a).lock" }

    /// Every device with a binding or an owner record, in address order.
    public func addresses() -> [PCIAddress] {
        let names = ["bound", "owner"].flatMap { (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + $0)) ?? [] }
        return Set(names.compactMap(PCIAddress.init)).sorted()
    }

    func read<T: Decodable>(_ type: T.Type, at path: String) throws -> T? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if SysFile.exists(path) { throw PCIError("cannot read \(path): run as root (sudo nbshim ...)") }
            return nil
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw PCIError("\(path) is not a record nbshim wrote (\(error)): remove it if no nbshim is running")
        }
    }

    func write<T: Encodable>(_ value: T, to path: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let dir = (path as NSString).deletingLastPathComponent
        let temporary = path + ".new"
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try (try enc.encode(value) + Data("\n".utf8)).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else { throw Errno.last }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw PCIError("cannot write \(path): \(Self.reason(error)); nbshim keeps its state there (run as root)")
        }
    }

    func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func reason(_ error: Error) -> String {
        (error as? PCIError)?.message ?? (error as? Errno)?.description
            ?? (error as NSError).localizedFailureReason ?? error.localizedDescription
    }

    /// Now, as records spell it: 2025-01-31T12:00:00Z.
    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}

/// What `bind` changed for a device: enough to give it back after any crash.
public struct BindingRecord: Codable, Equatable, Sendable {
    public enum Caller: String, Codable, Sendable { case bind, attach }

    /// The Linux driver the device had (nil: none).
    public var driver: String?
    /// Its driver_override before (nil: none).
    public var override: String?
    /// The userspace driver nbshim bound it to.
    public var target: String
    /// `nbshim bind` (the device stays bound) or an `nbshim attach` (which gives it back as it ends).
    public var by: Caller
    public var pid: Int32
    public var at: String

    public init(driver: String?, override: String?, target: String, by: Caller, pid: Int32 = getpid(), at: String? = nil) {
        self.driver = driver
        self.override = override
        self.target = target
        self.by = by
        self.pid = pid
        self.at = at ?? StateDirectory.now()
    }
}

/// The nbshim attach that drives a device, beside the lock it holds.
public struct OwnerRecord: Codable, Equatable, Sendable {
    public var pid: Int32
    /// Driver instances and interfaces (`wm0`); empty while no driver has the device.
    public var drives: [String]
    public var since: String

    public init(pid: Int32 = getpid(), drives: [String] = [], since: String? = nil) {
        self.pid = pid
        self.drives = drives
        self.since = since ?? StateDirectory.now()
    }

    /// `nbshim pid 212 (wm0)`
    public var name: String {
        "nbshim pid \(pid) (\(drives.isEmpty ? "no driver attached" : drives.joined(separator: ", ")))"
    }
}
