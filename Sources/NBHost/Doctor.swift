import Foundation
import NBPCI
import NBSystem
import SystemPackage

/// One line of `nbshim doctor`: what was found and, when it is not ok, the command that fixes it.
public struct DoctorCheck: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case ok, warn, FAIL }

    /// Stable name: `privileges`, `module uio`, `hugepages`, `iommu`, `memlock`, `pagemap`,
    /// `leftovers` (or `leftover BDF`, one per device an nbshim left behind).
    public var check: String
    public var status: Status
    public var detail: String
    public var fix: String?

    public init(_ check: String, _ status: Status, _ detail: String, fix: String? = nil) {
        self.check = check
        self.status = status
        self.detail = detail
        self.fix = fix
    }

    public var line: String {
        let head = status.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0) + detail
        return fix.map { head + "; fix: " + $0 } ?? head
    }
}

/// Checks that this machine can run userspace PCI drivers. Everything but the pagemap probe reads
/// files under `paths`, so tests run it on fake trees; the probe always asks the live kernel.
/// Only vfio's checks and devices left behind are warnings: uio alone is enough, and a new attach
/// takes a device left behind over.
public enum Doctor {
    static let hugepageDir = "/kernel/mm/hugepages/hugepages-2048kB"
    static let capSysAdmin = 21
    static let capIPCLock = 14

    public static func run(paths: HostPaths = .live) -> [DoctorCheck] {
        let status = ProcStatus(paths: paths)
        return [privileges(status)]
            + [("uio", true), ("uio_pci_generic", true), ("vfio-pci", false)].map { module($0, required: $1, paths: paths) }
            + [hugepages(paths), iommu(paths), memlock(paths, status), pagemapProbe()] + leftovers(paths)
    }

    public static func passed(_ checks: [DoctorCheck]) -> Bool { !checks.contains { $0.status == .FAIL } }

    /// The effective uid and capabilities, from proc/self/status.
    struct ProcStatus {
        var uid: Int?
        var capEff: UInt64?

        init(paths: HostPaths) {
            for line in (SysFile.text(paths.proc + "/self/status") ?? "").split(separator: "\n") {
                let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if f.first == "Uid:", f.count > 2 { uid = Int(f[2]) }
                if f.first == "CapEff:", f.count > 1 { capEff = UInt64(f[1], radix: 16) }
            }
        }

        func has(_ cap: Int) -> Bool { (capEff ?? 0) & (1 << UInt64(cap)) != 0 }
    }

    static func privileges(_ s: ProcStatus) -> DoctorCheck {
        let who = s.uid.map { $0 == 0 ? "root" : "uid \($0)" } ?? "an unknown uid"
        if s.has(capSysAdmin) { return DoctorCheck("privileges", .ok, "running as \(who) with CAP_SYS_ADMIN") }
        if s.uid == 0 {
            return DoctorCheck("privileges", .FAIL, "running as root but without CAP_SYS_ADMIN (a restricted container?)",
                               fix: "run nbshim as root on the host or in a privileged container")
        }
        return DoctorCheck("privileges", .FAIL, "not running as root (\(who), no CAP_SYS_ADMIN)",
                           fix: "run nbshim as root (sudo nbshim ...)")
    }

    static func module(_ name: String, required: Bool, paths: HostPaths) -> DoctorCheck {
        let id = "module \(name)"
        let norm = { (s: Substring) in s.replacingOccurrences(of: "-", with: "_") }
        let sysName = norm(Substring(name))
        if SysFile.exists(paths.sys + "/module/\(sysName)") { return DoctorCheck(id, .ok, "module \(name) loaded") }
        let release = SysFile.text(paths.proc + "/sys/kernel/osrelease") ?? "unknown"
        let dir = paths.modules + "/" + release
        // modules.dep lines start `kernel/drivers/uio/uio_pci_generic.ko.xz:`; modules.builtin lists paths.
        func lists(_ file: String) -> Bool {
            (SysFile.text(dir + "/" + file) ?? "").split(separator: "\n").contains { line in
                let path = line.split(separator: ":").first ?? ""
                let base = path.split(separator: "/").last ?? ""
                return norm(base.split(separator: ".").first ?? "") == sysName && base.contains(".ko")
            }
        }
        if lists("modules.builtin") { return DoctorCheck(id, .ok, "module \(name) built into the kernel") }
        if lists("modules.dep") { return DoctorCheck(id, .ok, "module \(name) available (nbshim bind loads it)") }
        let config = "CONFIG_" + sysName.uppercased()
        let scope = required ? "" : " (needed only for --to vfio)"
        guard SysFile.exists(dir) else {
            return DoctorCheck(id, required ? .FAIL : .warn, "module \(name) not loaded, and kernel \(release) has no \(dir)\(scope)",
                               fix: "install the kernel's modules (Debian kernels: apt-get install linux-image-\(release)) or boot a kernel with \(config)")
        }
        return DoctorCheck(id, required ? .FAIL : .warn,
                           "module \(name) not loaded and not in \(dir)/modules.dep or modules.builtin\(scope)",
                           fix: "use a kernel built with \(config)=m")
    }

    static func hugepages(_ paths: HostPaths) -> DoctorCheck {
        let dir = paths.sys + hugepageDir
        guard let free = SysFile.text(dir + "/free_hugepages").flatMap({ Int($0) }) else {
            return DoctorCheck("hugepages", .FAIL, "this kernel offers no 2 MiB hugepages (\(dir) missing)",
                               fix: "boot a kernel with CONFIG_HUGETLBFS")
        }
        let total = SysFile.text(dir + "/nr_hugepages").flatMap { Int($0) } ?? 0
        if free > 0 { return DoctorCheck("hugepages", .ok, "\(free) free 2 MiB hugepages (of \(total)) for DMA memory") }
        return DoctorCheck("hugepages", .FAIL, "no free 2 MiB hugepages for DMA memory (\(total) reserved)",
                           fix: "echo \(total + 64) > /sys\(hugepageDir)/nr_hugepages")
    }

    static func iommu(_ paths: HostPaths) -> DoctorCheck {
        let groups = (try? FileManager.default.contentsOfDirectory(atPath: paths.sys + "/kernel/iommu_groups")) ?? []
        if !groups.isEmpty { return DoctorCheck("iommu", .ok, "\(groups.count) IOMMU groups (vfio usable)") }
        return DoctorCheck("iommu", .warn, "no IOMMU groups: --to vfio cannot work, uio can",
                           fix: "boot with intel_iommu=on (or amd_iommu=on) for vfio")
    }

    static func memlock(_ paths: HostPaths, _ s: ProcStatus) -> DoctorCheck {
        let needed: UInt64 = 128 << 20
        // "Max locked memory         8388608              8388608              bytes"
        let line = (SysFile.text(paths.proc + "/self/limits") ?? "").split(separator: "\n")
            .first { $0.hasPrefix("Max locked memory") }
        let soft = line?.dropFirst("Max locked memory".count).split(separator: " ").first.map(String.init)
        let fix = "ulimit -l unlimited (or a memlock line in /etc/security/limits.conf)"
        guard let soft else { return DoctorCheck("memlock", .FAIL, "cannot read RLIMIT_MEMLOCK from \(paths.proc)/self/limits", fix: fix) }
        if soft == "unlimited" { return DoctorCheck("memlock", .ok, "RLIMIT_MEMLOCK unlimited") }
        let bytes = UInt64(soft) ?? 0
        let shown = "RLIMIT_MEMLOCK \(bytes >> 10) KiB"
        if s.has(capIPCLock) { return DoctorCheck("memlock", .ok, "\(shown), ignored with CAP_IPC_LOCK") }
        if bytes >= needed { return DoctorCheck("memlock", .ok, shown) }
        return DoctorCheck("memlock", .FAIL, "\(shown): too small to lock DMA memory (\(needed >> 20) MiB wanted)", fix: fix)
    }

    /// One warning per device an nbshim attach left behind (HeldDevice), with the command that gives it back.
    static func leftovers(_ paths: HostPaths) -> [DoctorCheck] {
        let held: [HeldDevice]
        do { held = try HeldDevice.scan(paths: paths) } catch {
            return [DoctorCheck("leftovers", .warn, "cannot read nbshim's records: \(error)")]
        }
        let warnings = held.compactMap { d in
            d.leftoverWarning.map { DoctorCheck("leftover \(d.address)", .warn, $0, fix: d.giveBack) }
        }
        return warnings.isEmpty ? [DoctorCheck("leftovers", .ok, "no devices left behind by an nbshim that ended")] : warnings
    }

    /// Locks one fresh page and asks the live kernel for its physical address.
    static func pagemapProbe() -> DoctorCheck {
        let size = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let page = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), page != MAP_FAILED else {
            return DoctorCheck("pagemap", .FAIL, "pagemap probe: mmap of one page failed: \(Errno.last)")
        }
        defer { munmap(page, size) }
        guard mlock(page, size) == 0 else {
            return DoctorCheck("pagemap", .FAIL, "pagemap probe: mlock of one page failed: \(Errno.last)",
                               fix: "ulimit -l unlimited")
        }
        defer { munlock(page, size) }
        page.storeBytes(of: 0xA5, as: UInt8.self)
        do {
            let pa = try Pagemap.physicalAddress(of: page)
            return DoctorCheck("pagemap", .ok, "pagemap translates a locked page to physical address 0x\(String(pa, radix: 16))")
        } catch {
            return DoctorCheck("pagemap", .FAIL, "pagemap probe: \(error)",
                               fix: "run as root with CAP_SYS_ADMIN (PFN 0 means the capability is missing)")
        }
    }
}
