import Foundation

/// A device an `nbshim attach` drives: its lock for the life of the process, and whether this
/// attach gives the device back to its Linux driver as it ends (it bound it, or took it over from
/// an attach that died before it could).
public final class DeviceClaim {
    public let address: PCIAddress
    let lock: DeviceLock
    public let givesBack: Bool

    init(_ lock: DeviceLock, givesBack: Bool) {
        address = lock.address
        self.lock = lock
        self.givesBack = givesBack
    }

    /// Names what the process drives on the device (driver instances, interfaces) in its record.
    public func drives(_ names: [String]) throws { try lock.own(drives: names) }
}

extension Binder {
    /// Takes `device` for an attach: its lock (refused, naming the owner, while another nbshim
    /// holds it), then, when `target` is given, binds it there with bind's safety checks. A device
    /// an attach left behind is taken over: one line to `report`, and it is given back at the end
    /// as that attach would have.
    public func claim(_ device: PCIDevice, bindingTo target: BindTarget?, report: (String) -> Void) throws -> DeviceClaim {
        let a = device.address
        let lock = try DeviceLock.take(a, paths: paths)
        let record = try recorded(a)
        let leftByAttach = record?.by == .attach && BindTarget.isUserspace(device.driver)
        if let dead = lock.previousOwner?.name ?? (leftByAttach ? record.map { "nbshim pid \($0.pid)" } : nil) {
            report("\(a): taking over from \(dead), which ended without giving it back")
        }
        try lock.own()
        if leftByAttach, var r = record {
            r.pid = getpid()
            try state.write(r, to: state.bindingPath(a))
        }
        guard let target else { return DeviceClaim(lock, givesBack: leftByAttach) }
        _ = try check([device], to: target, force: false)
        report(try bindLocked(device, to: target, by: .attach, lock: lock))
        return DeviceClaim(lock, givesBack: true)
    }

    /// Ends a claim: gives the device back when the claim says so, then drops the lock and the
    /// owner record. Returns the line that says what happened to the binding, if anything did.
    public func release(_ claim: DeviceClaim) -> String? {
        defer { claim.lock.release() }
        guard claim.givesBack else { return nil }
        do { return try unbindLocked(PCIDevice(claim.address, paths: paths)) } catch { return "\(error)" }
    }
}
