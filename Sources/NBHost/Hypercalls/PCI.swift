import CNetBSDShim
import Glibc
import NBPCI

/// PCI hypercalls (host/nbshim_hypercall.h): config space, BARs and register access on the HostDevice
/// behind `struct nbh_pci *`.

@_cdecl("nbh_pci_conf_read")
public func nbh_pci_conf_read(_ dev: OpaquePointer, _ offset: UInt32, _ width: UInt32,
                              _ value: UnsafeMutablePointer<UInt32>) -> Int32 {
    let d = HostDeviceHandle.from(dev).device
    do {
        switch width {
        case 1: value.pointee = UInt32(try d.configRead(Int(offset), as: UInt8.self))
        case 2: value.pointee = UInt32(try d.configRead(Int(offset), as: UInt16.self))
        case 4: value.pointee = try d.configRead(Int(offset), as: UInt32.self)
        default: throw HostError("config read of \(width) bytes: widths are 1, 2 or 4")
        }
        return 0
    } catch {
        value.pointee = .max
        return hypercallFailed("pci_conf_read \(d.address) at 0x\(String(offset, radix: 16))", error, NetBSDErrno.EIO)
    }
}

@_cdecl("nbh_pci_conf_write")
public func nbh_pci_conf_write(_ dev: OpaquePointer, _ offset: UInt32, _ width: UInt32, _ value: UInt32) -> Int32 {
    let d = HostDeviceHandle.from(dev).device
    do {
        switch width {
        case 1: try d.configWrite(Int(offset), UInt8(truncatingIfNeeded: value))
        case 2: try d.configWrite(Int(offset), UInt16(truncatingIfNeeded: value))
        case 4: try d.configWrite(Int(offset), value)
        default: throw HostError("config write of \(width) bytes: widths are 1, 2 or 4")
        }
        return 0
    } catch {
        return hypercallFailed("pci_conf_write \(d.address) at 0x\(String(offset, radix: 16))", error, NetBSDErrno.EIO)
    }
}

/// BARs the host serves itself (BARServedByHost: device models', vfio BARs with unmappable holes):
/// EOPNOTSUPP, quietly, tells the personality to use nbh_pci_bar_read/write for them.
@_cdecl("nbh_pci_bar_map")
public func nbh_pci_bar_map(_ dev: OpaquePointer, _ bar: UInt32, _ va: UnsafeMutablePointer<UnsafeMutableRawPointer?>,
                            _ size: UnsafeMutablePointer<UInt64>) -> Int32 {
    let d = HostDeviceHandle.from(dev).device
    do {
        let m = try d.mapBAR(Int(bar))
        va.pointee = m.base
        size.pointee = UInt64(m.size)
        return 0
    } catch is BARServedByHost {
        return NetBSDErrno.EOPNOTSUPP.value
    } catch {
        return hypercallFailed("mapping BAR \(bar) of \(d.address)", error, NetBSDErrno.ENXIO)
    }
}

@_cdecl("nbh_pci_bar_unmap")
public func nbh_pci_bar_unmap(_ dev: OpaquePointer, _ bar: UInt32) {
    HostDeviceHandle.from(dev).device.unmapBAR(Int(bar))
}

/// A failed register read returns all ones, as a master abort does on a real bus, after saying why.
@_cdecl("nbh_pci_bar_read")
public func nbh_pci_bar_read(_ dev: OpaquePointer, _ bar: UInt32, _ offset: UInt64, _ width: UInt32) -> UInt64 {
    let d = HostDeviceHandle.from(dev).device
    do {
        return try d.barRead(Int(bar), Int(offset), width: Int(width))
    } catch {
        _ = hypercallFailed("bus_space read of \(width) bytes at 0x\(String(offset, radix: 16)) of BAR \(bar)", error, .EIO)
        return .max
    }
}

@_cdecl("nbh_pci_bar_write")
public func nbh_pci_bar_write(_ dev: OpaquePointer, _ bar: UInt32, _ offset: UInt64, _ width: UInt32, _ value: UInt64) {
    let d = HostDeviceHandle.from(dev).device
    do {
        try d.barWrite(Int(bar), Int(offset), width: Int(width), value)
    } catch {
        _ = hypercallFailed("bus_space write of \(width) bytes at 0x\(String(offset, radix: 16)) of BAR \(bar)", error, .EIO)
    }
}

/// The I/O BAR's file and the host's own pread/pwrite: from then on the personality's port I/O
/// on that BAR is one system call, with no hypercall and no lock (machine/bus_defs.h).
@_cdecl("nbh_pci_bar_pio")
public func nbh_pci_bar_pio(_ dev: OpaquePointer, _ bar: UInt32, _ out: UnsafeMutablePointer<nbh_pci_pio>) -> Int32 {
    let d = HostDeviceHandle.from(dev).device
    do {
        guard let f = try d.portIOFile(Int(bar)) else { return NetBSDErrno.EOPNOTSUPP.value }
        out.pointee = PortIOFile.descriptor(f)
        return 0
    } catch {
        return hypercallFailed("port I/O on BAR \(bar) of \(d.address)", error, NetBSDErrno.ENXIO)
    }
}

extension PortIOFile {
    /// What nbh_pci_bar_pio hands the personality for this file (also the bench's).
    public static func descriptor(_ f: PortIOFile) -> nbh_pci_pio {
        nbh_pci_pio(fd: f.fd, offset: f.offset, size: UInt64(f.size), pread: pread, pwrite: pwrite)
    }
}

@_cdecl("nbh_pci_backend_name")
public func nbh_pci_backend_name(_ dev: OpaquePointer, _ buf: UnsafeMutablePointer<CChar>, _ len: Int) {
    guard len > 0 else { return }
    let bytes = Array(HostDeviceHandle.from(dev).device.backendName.utf8.prefix(len - 1))
    for (i, b) in bytes.enumerated() { buf[i] = CChar(bitPattern: b) }
    buf[bytes.count] = 0
}
