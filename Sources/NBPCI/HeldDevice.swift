import Foundation

/// One device of `nbshim status`: what nbshim changed for it, the process that drives it and
/// whether that process still runs, and the command that gives the device back.
public struct HeldDevice: Codable, Equatable, Sendable {
    public enum State: String, Codable, Sendable {
        /// A running nbshim attach drives it.
        case driven
        /// The attach that drove or bound it ended without giving it back (killed, crashed).
        case leftBehind = "left behind"
        /// `nbshim bind` handed it to userspace; nothing drives it.
        case bound
    }

    public struct Owner: Codable, Equatable, Sendable {
        public var pid: Int32
        public var drives: [String]
        public var since: String
        /// Whether the process still holds the device's lock.
        public var alive: Bool
    }

    public var address: String
    /// VENDOR:DEVICE, nil when the function is no longer there.
    public var id: String?
    /// The Linux driver bound now.
    public var driver: String?
    public var binding: BindingRecord?
    public var owner: Owner?
    public var state: State
    public var giveBack: String

    /// Every device with a record under run/nbshim, in address order.
    public static func scan(paths: HostPaths = .live) throws -> [HeldDevice] {
        let state = StateDirectory(paths: paths)
        return try state.addresses().map { a in
            let record = try state.read(OwnerRecord.self, at: state.ownerPath(a))
            let owner = record.map {
                Owner(pid: $0.pid, drives: $0.drives, since: $0.since, alive: DeviceLock.isHeld(a, paths: paths))
            }
            return HeldDevice(a, paths: paths, binding: try state.read(BindingRecord.self, at: state.bindingPath(a)), owner: owner)
        }
    }

    init(_ a: PCIAddress, paths: HostPaths, binding: BindingRecord?, owner: Owner?) {
        address = "\(a)"
        let device = try? PCIDevice(a, paths: paths)
        id = device.map { "\($0.id)" }
        driver = device?.driver
        self.binding = binding
        self.owner = owner
        let unbind = "nbshim unbind \(a)"
        if let o = owner, o.alive {
            state = .driven
            let stop = "stop nbshim pid \(o.pid) (kill \(o.pid))"
            switch binding?.by {
            case .attach?: giveBack = stop + "; it gives the device back as it exits"
            case .bind?: giveBack = stop + ", then " + unbind
            case nil: giveBack = stop
            }
        } else {
            state = owner != nil || binding?.by == .attach ? .leftBehind : .bound
            giveBack = unbind
        }
    }

    /// The process that last drove or bound it: `nbshim pid 212 (wm0)`.
    var ownerName: String {
        if let o = owner { return OwnerRecord(pid: o.pid, drives: o.drives, since: o.since).name }
        return "nbshim \(binding?.by.rawValue ?? "") pid \(binding?.pid ?? 0)"
    }

    /// `0000:00:03.0 (8086:100e) left behind: on uio_pci_generic, was e1000 (bound ... by nbshim
    /// attach pid 212); owner nbshim pid 212 (wm0) since ..., not running; give it back: nbshim unbind 0000:00:03.0`
    public var line: String {
        var s = "\(address) (\(id ?? "no longer on this machine")) \(state.rawValue): on \(driver ?? "no driver")"
        if let b = binding {
            s += ", was \(b.driver ?? "on no driver")"
            if let o = b.override { s += " with driver_override \(o)" }
            s += " (bound \(b.at) by nbshim \(b.by.rawValue) pid \(b.pid))"
        }
        if let o = owner {
            s += "; owner \(ownerName) since \(o.since), \(o.alive ? "running" : "not running")"
        }
        return s + "; give it back: \(giveBack)"
    }

    /// doctor's warning for a device left behind: what is wrong, and the fix (`giveBack`).
    public var leftoverWarning: String? {
        guard state == .leftBehind else { return nil }
        let was = binding.map { "; it was on \($0.driver ?? "no driver")" } ?? ""
        return "\(address) left behind on \(driver ?? "no driver") by \(ownerName), which is not running\(was)"
    }
}
