import CNetBSDShim
import Foundation
import NBPCI

/// What `nbshim attach` does, usable from tests: starts the kernel personality, loads driver
/// modules, offers PCI functions to the registered drivers (nbk_pci_attach) and detaches them all
/// again (nbk_detach_all). Devices the host opened for the caller are closed, and devices it bound
/// to uio for the caller are given back to their driver, by `close()`.
public final class AttachHost {
    private let paths: HostPaths
    private let report: (String) -> Void
    private var attached: [OpaquePointer] = []
    private var opened: [HostDevice] = []
    private var boundHere: [PCIAddress] = []
    private var modules: [UnsafeMutableRawPointer] = []

    /// `report` receives the host's own progress lines (binding, unbinding); kernel output goes to
    /// the console hypercall.
    public init(paths: HostPaths = .live, report: @escaping (String) -> Void = { print($0) }) throws {
        self.paths = paths
        self.report = report
        try Kernel.boot()
    }

    /// Loads a driver module (a shared object built against the kernel headers) and registers its
    /// drivers. Symbols resolve against this executable, which exports the kernel API.
    public func loadModule(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PCIError("module \(path) does not exist")
        }
        guard let h = dlopen(path, RTLD_NOW | RTLD_GLOBAL) else {
            let why = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw PCIError("cannot load module \(path): \(why)")
        }
        modules.append(h)
    }

    /// The functions `spec` (a BDF or VENDOR:DEVICE) names, opened through uio. A function on no
    /// userspace driver is bound to uio_pci_generic first (with bind's safety checks) when
    /// `bind` is true, and handed back to its driver by close().
    public func open(_ spec: String, bind: Bool = true) throws -> [HostDevice] {
        var result: [HostDevice] = []
        for d in try PCIDevice.find(spec, paths: paths) {
            let a = d.address
            switch d.driver {
            case BindTarget.uio.driver:
                break
            case BindTarget.vfio.driver:
                throw PCIError("\(a) is bound to vfio-pci, but nbshim attach drives devices through uio so far: run 'nbshim unbind \(a)' and attach again")
            default:
                guard bind else {
                    throw PCIError("\(a) is bound to \(d.driver ?? "no driver"), not uio_pci_generic: run 'nbshim bind \(a)' first")
                }
                guard geteuid() == 0 else {
                    throw PCIError("\(a) is bound to \(d.driver ?? "no driver"), not uio_pci_generic: run 'sudo nbshim bind \(a)' first, or run nbshim attach as root and it binds the device for the time it runs")
                }
                try Binder(paths: paths).bind([d], to: .uio, force: false, report: report)
                boundHere.append(a)
            }
            let device = try UIODevice(address: a, paths: paths)
            opened.append(device)
            result.append(device)
        }
        return result
    }

    /// Offers `device` to every registered driver; true when one attached. An attached device's
    /// host handle lives until detachAll(); one no driver took is released at once.
    @discardableResult
    public func attach(_ device: HostDevice) -> Bool {
        let handle = HostDeviceHandle.retain(device)
        let a = device.address
        guard nbk_pci_attach(handle, UInt32(a.bus), UInt32(a.device), UInt32(a.function)) == 0 else {
            HostDeviceHandle.release(handle)
            return false
        }
        attached.append(handle)
        return true
    }

    /// Detaches every attached device (reverse attach order) and ends the host handles. Throws
    /// when a driver refused to detach; its device's handle then stays alive.
    public func detachAll() throws {
        let rc = nbk_detach_all()
        guard rc == 0 else { throw PCIError("a driver refused to detach (error \(rc)); its device stays attached") }
        for h in attached.reversed() { HostDeviceHandle.release(h) }
        attached.removeAll()
    }

    /// Closes the devices open() opened and gives the ones it bound back to their drivers.
    public func close() {
        for d in opened.reversed() { d.close() }
        opened.removeAll()
        let binder = Binder(paths: paths)
        for a in boundHere.reversed() {
            do { report(try binder.unbind(PCIDevice(a, paths: paths))) } catch { report("\(error)") }
        }
        boundHere.removeAll()
    }
}
