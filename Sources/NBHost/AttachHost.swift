import CNetBSDShim
import Foundation
import NBPCI

/// What `nbshim attach` does, usable from tests: starts the kernel personality, loads driver
/// modules, offers PCI functions to the registered drivers (nbk_pci_attach) and detaches them all
/// again (nbk_detach_all). Each PCI function it opens is claimed first (Binder.claim: one nbshim
/// per device, its owner recorded under run/nbshim); `close()` closes the devices, gives back the
/// ones it bound to uio or vfio (or took over from an attach that died) and ends the claims.
public final class AttachHost {
    private let paths: HostPaths
    private let report: (String) -> Void
    private var attached: [OpaquePointer] = []
    private var opened: [HostDevice] = []
    private var claims: [DeviceClaim] = []
    private var modules: [UnsafeMutableRawPointer] = []
    private var abandoned: Set<PCIAddress> = []

    /// `report` receives the host's own progress lines (binding, unbinding); kernel output goes to
    /// the console hypercall.
    public init(paths: HostPaths = .live, report: @escaping (String) -> Void = { print($0) }) throws {
        self.paths = paths
        self.report = report
        try Kernel.boot()
    }

    /// Loads a driver module (a shared object built against the kernel headers) and registers its
    /// drivers. Symbols resolve against this executable, which exports the kernel API. A module
    /// built for another module ABI than this nbshim's (ModuleStamp) is refused before it is loaded.
    public func loadModule(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw HostError("module \(path) does not exist")
        }
        try ModuleStamp.check(path)
        let refusals = nbk_module_refusals()
        guard let h = dlopen(path, RTLD_NOW | RTLD_GLOBAL) else {
            let why = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw HostError("cannot load module \(path): \(why)")
        }
        guard nbk_module_refusals() == refusals else {
            dlclose(h)
            throw HostError("module \(path) was not loaded: a driver it defines is already registered (the line above names it); load only one module per driver")
        }
        modules.append(h)
    }

    /// The functions `spec` (a BDF or VENDOR:DEVICE) names, claimed (refused while another nbshim
    /// drives one) and opened through the userspace driver they are bound to. A function on no
    /// userspace driver is bound first (with bind's safety checks) when `bind` is true, and handed
    /// back to its driver by close(): to vfio-pci when its IOMMU group is viable (DMA confined by
    /// the IOMMU, MSI/MSI-X), else to uio_pci_generic.
    public func open(_ spec: String, bind: Bool = true) throws -> [HostDevice] {
        var result: [HostDevice] = []
        let binder = Binder(paths: paths)
        for d in try PCIDevice.find(spec, paths: paths) {
            let a = d.address
            var target: BindTarget?
            if !BindTarget.isUserspace(d.driver) {
                let t: BindTarget = (try? binder.viableGroup(of: d, handedOver: [a])) != nil ? .vfio : .uio
                guard bind else {
                    throw HostError("\(a) is bound to \(d.driver ?? "no driver"), not a userspace driver: run 'nbshim bind --to \(t) \(a)' first")
                }
                guard geteuid() == 0 else {
                    throw HostError("\(a) is bound to \(d.driver ?? "no driver"), not a userspace driver: run 'sudo nbshim bind --to \(t) \(a)' first, or run nbshim attach as root and it binds the device for the time it runs")
                }
                target = t
            }
            // close() ends the claim, also when opening below fails.
            claims.append(try binder.claim(d, bindingTo: target, report: report))
            let driver = target?.driver ?? d.driver
            let device: HostDevice = driver == BindTarget.vfio.driver
                ? try VFIODevice(address: a, paths: paths) : try UIODevice(address: a, paths: paths)
            opened.append(device)
            result.append(device)
        }
        return result
    }

    /// Offers `device` to every registered driver; true when one attached. An attached device's
    /// host handle lives until detachAll(); one no driver took is released at once. The claim's
    /// record names the driver instance and the interfaces it made (`nbshim status`).
    @discardableResult
    public func attach(_ device: HostDevice, properties: [(key: String, value: String?)] = []) -> Bool {
        let handle = HostDeviceHandle.retain(device)
        let a = device.address
        let interfaces = Set(InterfaceMedia.interfaceNames())
        for p in properties {
            let rc = p.value.map { nbk_pci_property(handle, p.key, $0) } ?? nbk_pci_property(handle, p.key, nil)
            if rc != 0 { report("\(a): property \(p.key) not given to its driver: NetBSD error \(rc)") }
        }
        guard nbk_pci_attach(handle, UInt32(a.bus), UInt32(a.device), UInt32(a.function)) == 0 else {
            HostDeviceHandle.release(handle)
            return false
        }
        attached.append(handle)
        if let claim = claims.first(where: { $0.address == a }) {
            let name = nbk_pci_device_name(handle).map { String(cString: $0) }
            let names = (name.map { [$0] } ?? []) + InterfaceMedia.interfaceNames().filter { !interfaces.contains($0) && $0 != name }
            do { try claim.drives(names) } catch { report("\(error)") }
        }
        return true
    }

    /// Detaches every attached device (reverse attach order) and ends the host handles. A function
    /// whose driver cannot detach is taken away instead (nbk_detach_all, nbh_pci_abandon): it is
    /// reset here when Linux offers a reset for it, and close() gives it back without closing it, so
    /// the memory its driver holds stays valid until the process ends.
    public func detachAll() throws {
        let rc = nbk_detach_all()
        var kept: [OpaquePointer] = []
        for h in attached.reversed() {
            guard let what = AbandonedFunctions.quiesced(h) else {
                HostDeviceHandle.release(h)
                continue
            }
            kept.append(h)
            let device = Unmanaged<HostDeviceHandle>.fromOpaque(UnsafeRawPointer(h)).takeUnretainedValue().device
            abandoned.insert(device.address)
            report("\(device.address): taken from its driver: \(what), \(reset(device.address))")
        }
        attached = kept
        guard rc == 0 else { throw HostError("the PCI buses did not detach (error \(rc))") }
    }

    /// A function-level (or the best other) reset through sysfs, when Linux has one for the device.
    private func reset(_ a: PCIAddress) -> String {
        let file = paths.device(a) + "/reset"
        guard SysFile.exists(file) else { return "no reset method" }
        do {
            try SysFile.write("1", to: file)
            return "reset"
        } catch {
            return "reset failed (\(error))"
        }
    }

    /// Every rnd(9) source the drivers attached, with what it has delivered so far.
    public func entropySources() -> [EntropySource] {
        final class Box { var list: [EntropySource] = [] }
        let box = Box()
        nbk_rnd_list({ name, type, bytes, samples, arg in
            let b = Unmanaged<Box>.fromOpaque(arg!).takeUnretainedValue()
            b.list.append(EntropySource(name: String(cString: name!), type: type, bytes: bytes, samples: samples))
        }, Unmanaged.passUnretained(box).toOpaque())
        return box.list
    }

    /// Closes the devices open() opened, gives the ones it bound (or took over) back to their
    /// drivers and ends the claims.
    public func close() {
        for d in opened.reversed() where !abandoned.contains(d.address) { d.close() }
        opened.removeAll()
        let binder = Binder(paths: paths)
        for c in claims.reversed() { binder.release(c).map(report) }
        claims.removeAll()
    }
}

/// One rnd(9) source (nbk_rnd_list): bytes and samples it handed to rnd_add_data & co.
public struct EntropySource: Sendable, Equatable {
    public var name: String
    public var type: UInt32
    public var bytes: UInt64
    public var samples: UInt64

    public init(name: String, type: UInt32, bytes: UInt64, samples: UInt64) {
        self.name = name; self.type = type; self.bytes = bytes; self.samples = samples
    }

    /// NetBSD's names for RND_TYPE_* (rndctl -l's Type column).
    public var typeName: String {
        let names = ["unknown", "disk", "net", "tape", "tty", "rng", "skew", "env", "vm", "power"]
        return Int(type) < names.count ? names[Int(type)] : "type \(type)"
    }

    /// `rnd: viornd0 (rng): 96 bytes in 3 samples`
    public var line: String { "rnd: \(name) (\(typeName)): \(bytes) bytes in \(samples) samples" }
}
