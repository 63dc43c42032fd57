import Foundation

/// One line of /proc/self/mountinfo (proc(5)): the fields bind's safety analysis needs.
public struct Mount: Sendable, Equatable {
    /// `major:minor` of the filesystem's device; anonymous (0:N) for 9p, overlay, btrfs.
    public var majorMinor: String
    public var mountPoint: String
    public var fsType: String
    /// The mount source: a /dev path, a 9p or virtiofs tag, or a name such as `overlay`.
    public var source: String
    public var superOptions: String

    /// Parses mountinfo text; lines without the ` - ` separator are skipped.
    public static func parse(_ text: String) -> [Mount] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 5, let dash = fields.firstIndex(of: "-"), dash >= 6, dash + 2 < fields.count
            else { return nil }
            return Mount(majorMinor: fields[2], mountPoint: unescape(fields[4]), fsType: fields[dash + 1],
                         source: unescape(fields[dash + 2]),
                         superOptions: dash + 3 < fields.count ? fields[dash + 3] : "")
        }
    }

    /// mountinfo writes space, tab, newline and backslash as octal escapes (`\040`).
    static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = [UInt8]()
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "\\"), i + 3 < b.count,
               let v = UInt8(String(decoding: b[(i + 1)...(i + 3)], as: UTF8.self), radix: 8) {
                out.append(v)
                i += 4
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What a PCI function backs right now: block devices (with partitions and dm/md holders) and the
/// mounts and swap on them, virtio-9p/virtiofs shares and their mounts, network interfaces.
/// Everything is found by walking sysfs under the function's resolved path, so it works on fake trees.
public struct DeviceUsers: Sendable {
    public struct Interface: Sendable, Equatable {
        public var name: String
        public var isUp: Bool
        public var addresses: [String]
    }

    /// Kernel names of the block devices on the function (`vda`, `vda1`, `dm-0`).
    public var blockDevices: [String] = []
    /// virtio-9p `mount_tag` / virtiofs `tag` values of the function's virtio children.
    public var shareTags: [String] = []
    /// Mounts of the root filesystem (`/`, or an overlay's layers) that the function backs.
    public var rootMounts: [Mount] = []
    /// Layers of an overlay root that no visible mount holds (see `rootFilesystem`).
    public var hiddenRootLayers: [String] = []
    /// Every other mount the function backs.
    public var mounts: [Mount] = []
    /// Active swap areas (/proc/swaps) on the function's block devices.
    public var swaps: [String] = []
    public var interfaces: [Interface] = []

    /// `addresses` maps interface names to their addresses (see `liveInterfaceAddresses`).
    public init(scanning device: PCIDevice, paths: HostPaths, addresses: [String: [String]]) {
        let root = SysFile.resolved(device.path)
        func isUnder(_ path: String) -> Bool {
            let p = SysFile.resolved(path)
            return p == root || p.hasPrefix(root + "/")
        }
        let fm = FileManager.default
        func entries(_ dir: String) -> [String] { ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted() }

        // Block devices below the function, then whatever is stacked on them (partitions are
        // below already; dm and md devices are reached through `holders`).
        let blockDir = paths.sys + "/class/block"
        var queue = entries(blockDir).filter { isUnder(blockDir + "/" + $0) }
        var seen = Set<String>()
        while let name = queue.first {
            queue.removeFirst()
            guard seen.insert(name).inserted else { continue }
            blockDevices.append(name)
            queue += entries(blockDir + "/" + name + "/holders")
        }
        let numbers = Set(blockDevices.compactMap { SysFile.text(blockDir + "/" + $0 + "/dev") })

        // A /dev path names a block device by the node it resolves to (/dev/mapper/x -> dm-0).
        func blockName(_ devPath: String) -> String? {
            guard devPath.hasPrefix("/dev/") else { return nil }
            let name = (SysFile.resolved(paths.dev + devPath.dropFirst(4)) as NSString).lastPathComponent
            return seen.contains(name) ? name : nil
        }

        let virtio = paths.sys + "/bus/virtio/devices"
        for v in entries(virtio) where isUnder(virtio + "/" + v) {
            for attr in ["mount_tag", "tag"] {
                // The 9p attribute ends with a NUL byte.
                if let t = SysFile.text(virtio + "/" + v + "/" + attr)?.trimmingCharacters(in: CharacterSet(charactersIn: "\0")),
                   !t.isEmpty, !shareTags.contains(t) { shareTags.append(t) }
            }
        }
        let virtiofs = paths.sys + "/fs/virtiofs"
        for v in entries(virtiofs) where isUnder(virtiofs + "/" + v + "/device") {
            if let t = SysFile.text(virtiofs + "/" + v + "/tag"), !t.isEmpty, !shareTags.contains(t) { shareTags.append(t) }
        }

        let all = Mount.parse(SysFile.text(paths.proc + "/self/mountinfo") ?? "")
        let (rootSet, hidden) = Self.rootFilesystem(all)
        hiddenRootLayers = hidden
        for m in all {
            let backed = numbers.contains(m.majorMinor)
                || blockName(m.source) != nil
                || (["9p", "virtiofs"].contains(m.fsType) && shareTags.contains(m.source))
            guard backed else { continue }
            if rootSet.contains(m) { rootMounts.append(m) } else { mounts.append(m) }
        }

        for line in (SysFile.text(paths.proc + "/swaps") ?? "").split(separator: "\n").dropFirst() {
            if let file = line.split(separator: " ").first.map(String.init), blockName(file) != nil {
                swaps.append(file)
            }
        }

        let net = paths.sys + "/class/net"
        for name in entries(net) where isUnder(net + "/" + name) {
            let flags = SysFile.hex(net + "/" + name + "/flags") ?? 0
            interfaces.append(Interface(name: name, isUp: flags & 0x1 != 0, addresses: addresses[name] ?? []))
        }
    }

    /// The mounts that make up `/`: every mount on `/`, and for an overlay root the mounts that hold
    /// its lower and upper layers (a live system, or a sandbox guest over a read-only share). After a
    /// chroot or `mount --move` a layer's path no longer names a visible mount; then any mount may
    /// hold it, and all count as root (`hiddenLayers` says why).
    static func rootFilesystem(_ mounts: [Mount]) -> (mounts: [Mount], hiddenLayers: [String]) {
        let tops = mounts.filter { $0.mountPoint == "/" }
        var result = tops
        var hidden: [String] = []
        for top in tops where top.fsType == "overlay" {
            let layers = top.superOptions.split(separator: ",").flatMap { opt -> [Substring] in
                let kv = opt.split(separator: "=", maxSplits: 1)
                guard kv.count == 2, ["lowerdir", "upperdir"].contains(kv[0]) else { return [] }
                return kv[1].split(separator: ":")
            }
            for layer in layers.map(String.init) {
                let holder = mounts.filter { $0.mountPoint != "/" && (layer == $0.mountPoint || layer.hasPrefix($0.mountPoint + "/")) }
                    .max { $0.mountPoint.count < $1.mountPoint.count }
                if let h = holder {
                    if !result.contains(h) { result.append(h) }
                } else {
                    hidden.append(layer)
                }
            }
        }
        return (hidden.isEmpty ? result : mounts, hidden)
    }

    /// Addresses of every interface (IPv4 and IPv6), from getifaddrs.
    public static func liveInterfaceAddresses() -> [String: [String]] {
        var result: [String: [String]] = [:]
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return result }
        defer { freeifaddrs(list) }
        var p = list
        while let ifa = p {
            defer { p = ifa.pointee.ifa_next }
            guard let sa = ifa.pointee.ifa_addr else { continue }
            let family = Int32(sa.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let len = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            guard getnameinfo(sa, len, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            result[String(cString: ifa.pointee.ifa_name), default: []].append(String(cString: host))
        }
        return result
    }
}
