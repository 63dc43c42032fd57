import Foundation

/// An IOMMU group as /sys/kernel/iommu_groups/N shows it. vfio hands out whole groups: the kernel
/// lets userspace open a group only when no member is driven by a kernel driver that does DMA.
public struct IOMMUGroup: Sendable {
    public var number: Int
    public var members: [PCIDevice]

    /// Drivers that leave a group's DMA to its owner (the kernel's `driver_managed_dma`): vfio-pci and
    /// its vendor variants, pci-stub, and pcieport on bridges. Unbound members are fine too.
    public static func allowsUserspaceOwner(driver: String?) -> Bool {
        guard let d = driver else { return true }
        return ["vfio-pci", "pci-stub", "pcieport"].contains(d) || d.hasSuffix("_vfio_pci") || d.hasSuffix("-vfio-pci")
    }

    public init(_ number: Int, paths: HostPaths = .live) throws {
        let dir = paths.sys + "/kernel/iommu_groups/\(number)/devices"
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw PCIError("cannot read \(dir): IOMMU group \(number) does not exist")
        }
        self.number = number
        members = try names.compactMap(PCIAddress.init).sorted().map { try PCIDevice($0, paths: paths) }
    }

    /// Members outside `handedOver` whose kernel drivers make the group unusable for vfio.
    public func blockers(handedOver: Set<PCIAddress>) -> [PCIDevice] {
        members.filter { !handedOver.contains($0.address) && !Self.allowsUserspaceOwner(driver: $0.driver) }
    }
}
