/// Names for the standard PCI class codes, capability ids and PCIe fields, from the PCI-SIG
/// assignments. Our own table: lspci's pci.ids is not needed to say what a device is.
public enum PCINames {
    /// The subclass name when we know it, else the base class name, else `Class XXXX`
    /// (`classCode` is base << 16 | subclass << 8 | programming interface).
    public static func className(_ classCode: UInt32) -> String {
        let base = UInt8(truncatingIfNeeded: classCode >> 16)
        let sub = UInt8(truncatingIfNeeded: classCode >> 8)
        if let entry = classes[base] { return entry.subclasses[sub] ?? entry.name }
        return "Class " + hex4(UInt16(truncatingIfNeeded: classCode >> 8))
    }

    private static let classes: [UInt8: (name: String, subclasses: [UInt8: String])] = [
        0x00: ("Unclassified device", [0x00: "Non-VGA unclassified device", 0x01: "VGA compatible unclassified device",
                                       0x05: "Image coprocessor"]),
        0x01: ("Mass storage controller", [0x00: "SCSI storage controller", 0x01: "IDE interface",
                                           0x02: "Floppy disk controller", 0x03: "IPI bus controller",
                                           0x04: "RAID bus controller", 0x05: "ATA controller", 0x06: "SATA controller",
                                           0x07: "Serial Attached SCSI controller",
                                           0x08: "Non-Volatile memory controller",
                                           0x09: "Universal Flash Storage controller",
                                           0x80: "Mass storage controller"]),
        0x02: ("Network controller", [0x00: "Ethernet controller", 0x01: "Token ring network controller",
                                      0x02: "FDDI network controller", 0x03: "ATM network controller",
                                      0x04: "ISDN controller", 0x05: "WorldFip controller", 0x06: "PICMG controller",
                                      0x07: "Infiniband controller", 0x08: "Fabric controller",
                                      0x80: "Network controller"]),
        0x03: ("Display controller", [0x00: "VGA compatible controller", 0x01: "XGA compatible controller",
                                      0x02: "3D controller", 0x80: "Display controller"]),
        0x04: ("Multimedia controller", [0x00: "Multimedia video controller", 0x01: "Multimedia audio controller",
                                         0x02: "Computer telephony device", 0x03: "Audio device",
                                         0x80: "Multimedia controller"]),
        0x05: ("Memory controller", [0x00: "RAM memory", 0x01: "FLASH memory", 0x02: "CXL",
                                     0x80: "Memory controller"]),
        0x06: ("Bridge", [0x00: "Host bridge", 0x01: "ISA bridge", 0x02: "EISA bridge", 0x03: "MicroChannel bridge",
                          0x04: "PCI bridge", 0x05: "PCMCIA bridge", 0x06: "NuBus bridge", 0x07: "CardBus bridge",
                          0x08: "RACEway bridge", 0x09: "Semi-transparent PCI-to-PCI bridge",
                          0x0a: "InfiniBand to PCI host bridge", 0x80: "Bridge"]),
        0x07: ("Communication controller", [0x00: "Serial controller", 0x01: "Parallel controller",
                                            0x02: "Multiport serial controller", 0x03: "Modem",
                                            0x04: "GPIB controller", 0x05: "Smart Card controller",
                                            0x80: "Communication controller"]),
        0x08: ("Generic system peripheral", [0x00: "PIC", 0x01: "DMA controller", 0x02: "Timer", 0x03: "RTC",
                                             0x04: "PCI Hot-plug controller", 0x05: "SD Host controller",
                                             0x06: "IOMMU", 0x80: "System peripheral", 0x99: "Timing Card"]),
        0x09: ("Input device controller", [0x00: "Keyboard controller", 0x01: "Digitizer Pen",
                                           0x02: "Mouse controller", 0x03: "Scanner controller",
                                           0x04: "Gameport controller", 0x80: "Input device controller"]),
        0x0a: ("Docking station", [0x00: "Generic Docking Station", 0x80: "Docking Station"]),
        0x0b: ("Processor", [0x00: "386", 0x01: "486", 0x02: "Pentium", 0x10: "Alpha", 0x20: "Power PC",
                             0x30: "MIPS", 0x40: "Co-processor"]),
        0x0c: ("Serial bus controller", [0x00: "FireWire (IEEE 1394)", 0x01: "ACCESS Bus", 0x02: "SSA",
                                         0x03: "USB controller", 0x04: "Fibre Channel", 0x05: "SMBus",
                                         0x06: "InfiniBand", 0x07: "IPMI Interface", 0x08: "SERCOS interface",
                                         0x09: "CANBUS", 0x80: "Serial bus controller"]),
        0x0d: ("Wireless controller", [0x00: "IRDA controller", 0x01: "Consumer IR controller",
                                       0x10: "RF controller", 0x11: "Bluetooth", 0x12: "Broadband",
                                       0x20: "802.1a controller", 0x21: "802.1b controller",
                                       0x80: "Wireless controller"]),
        0x0e: ("Intelligent controller", [0x00: "I2O"]),
        0x0f: ("Satellite communications controller", [0x01: "Satellite TV controller",
                                                       0x02: "Satellite audio communication controller",
                                                       0x03: "Satellite voice communication controller",
                                                       0x04: "Satellite data communication controller"]),
        0x10: ("Encryption controller", [0x00: "Network and computing encryption device",
                                         0x10: "Entertainment encryption device", 0x80: "Encryption controller"]),
        0x11: ("Signal processing controller", [0x00: "DPIO module", 0x01: "Performance counters",
                                                0x10: "Communication synchronizer",
                                                0x20: "Signal processing management",
                                                0x80: "Signal processing controller"]),
        0x12: ("Processing accelerators", [0x00: "Processing accelerators"]),
        0x13: ("Non-Essential Instrumentation", [:]),
        0x40: ("Coprocessor", [:]),
        0xff: ("Unassigned class", [:]),
    ]

    /// Standard (8-bit id) capabilities.
    public static func capability(_ id: UInt8) -> String {
        switch id {
        case 0x01: return "Power Management"
        case 0x02: return "AGP"
        case 0x03: return "Vital Product Data"
        case 0x04: return "Slot Identification"
        case 0x05: return "MSI"
        case 0x06: return "CompactPCI Hot Swap"
        case 0x07: return "PCI-X"
        case 0x08: return "HyperTransport"
        case 0x09: return "Vendor Specific"
        case 0x0a: return "Debug port"
        case 0x0b: return "CompactPCI central resource control"
        case 0x0c: return "PCI Hot-plug"
        case 0x0d: return "Subsystem ID (bridge)"
        case 0x0e: return "AGP 8x"
        case 0x0f: return "Secure device"
        case 0x10: return "Express"
        case 0x11: return "MSI-X"
        case 0x12: return "SATA HBA"
        case 0x13: return "Advanced Features"
        case 0x14: return "Enhanced Allocation"
        case 0x15: return "Flattening Portal Bridge"
        default: return "Capability 0x" + String(id, radix: 16)
        }
    }

    /// PCIe extended (16-bit id) capabilities.
    public static func extendedCapability(_ id: UInt16) -> String {
        switch id {
        case 0x0001: return "Advanced Error Reporting"
        case 0x0002, 0x0009: return "Virtual Channel"
        case 0x0003: return "Device Serial Number"
        case 0x0004: return "Power Budgeting"
        case 0x0005: return "Root Complex Link Declaration"
        case 0x0006: return "Root Complex Internal Link Control"
        case 0x0007: return "Root Complex Event Collector Endpoint Association"
        case 0x0008: return "Multi-Function Virtual Channel"
        case 0x000a: return "Root Complex Register Block"
        case 0x000b: return "Vendor Specific Extended"
        case 0x000c: return "Configuration Access Correlation"
        case 0x000d: return "Access Control Services"
        case 0x000e: return "Alternative Routing-ID Interpretation"
        case 0x000f: return "Address Translation Service"
        case 0x0010: return "Single Root I/O Virtualization"
        case 0x0011: return "Multi-Root I/O Virtualization"
        case 0x0012: return "Multicast"
        case 0x0013: return "Page Request Interface"
        case 0x0015: return "Resizable BAR"
        case 0x0016: return "Dynamic Power Allocation"
        case 0x0017: return "TPH Requester"
        case 0x0018: return "Latency Tolerance Reporting"
        case 0x0019: return "Secondary PCI Express"
        case 0x001a: return "Protocol Multiplexing"
        case 0x001b: return "Process Address Space ID"
        case 0x001c: return "LN Requester"
        case 0x001d: return "Downstream Port Containment"
        case 0x001e: return "L1 PM Substates"
        case 0x001f: return "Precision Time Measurement"
        case 0x0023: return "Designated Vendor-Specific"
        case 0x0024: return "VF Resizable BAR"
        case 0x0025: return "Data Link Feature"
        case 0x0026: return "Physical Layer 16.0 GT/s"
        case 0x0027: return "Lane Margining at the Receiver"
        case 0x002a: return "Physical Layer 32.0 GT/s"
        default: return "Extended Capability 0x" + hex4(id)
        }
    }

    /// The PCIe capability's device/port type field.
    public static func expressPortType(_ t: UInt8) -> String {
        switch t {
        case 0x0: return "Endpoint"
        case 0x1: return "Legacy Endpoint"
        case 0x4: return "Root Port"
        case 0x5: return "Upstream Port"
        case 0x6: return "Downstream Port"
        case 0x7: return "PCI-Express to PCI/PCI-X Bridge"
        case 0x8: return "PCI/PCI-X to PCI-Express Bridge"
        case 0x9: return "Root Complex Integrated Endpoint"
        case 0xa: return "Root Complex Event Collector"
        default: return "Unknown type \(t)"
        }
    }

    /// The link status speed code, as a transfer rate.
    public static func linkSpeed(_ code: UInt8) -> String {
        switch code {
        case 1: return "2.5GT/s"
        case 2: return "5GT/s"
        case 3: return "8GT/s"
        case 4: return "16GT/s"
        case 5: return "32GT/s"
        case 6: return "64GT/s"
        default: return "unknown speed"
        }
    }
}
