/* bus_space(9): the inline path on ordinary memory, and the host path on the edu model. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/bus.h>
#include <dev/pci/pcivar.h>
#include "bus_fixture.h"
#include "ktest.h"

/* A memory tag over plain memory exercises exactly the accessors drivers get on a mapped BAR. */
KTEST(bus_space_memory_inline)
{
	static uint64_t mem[32];
	struct bus_space_tag tag = { NBSHIM_BUS_SPACE_MEM, NULL, NULL };
	bus_space_handle_t h = (bus_space_handle_t)mem, sub;
	uint32_t in[4] = { 1, 2, 3, 4 }, out[4];
	uint8_t *bytes = (uint8_t *)mem;
	int i;

	memset(mem, 0, sizeof(mem));
	bus_space_write_1(&tag, h, 1, 0xab);
	bus_space_write_2(&tag, h, 2, 0xcdef);
	bus_space_write_4(&tag, h, 4, 0x01234567);
	bus_space_write_8(&tag, h, 8, 0x1122334455667788ULL);
	KT_ASSERT(bytes[1] == 0xab && bus_space_read_2(&tag, h, 2) == 0xcdef);
	KT_ASSERT(bus_space_read_4(&tag, h, 4) == 0x01234567 && mem[1] == 0x1122334455667788ULL);
	KT_ASSERT(bus_space_read_8(&tag, h, 0) == 0x01234567cdefab00ULL, "0x%lx", bus_space_read_8(&tag, h, 0));

	bus_space_write_region_4(&tag, h, 16, in, 4);
	bus_space_read_region_4(&tag, h, 16, out, 4);
	KT_ASSERT(memcmp(in, out, sizeof(in)) == 0 && bus_space_read_4(&tag, h, 28) == 4);
	/* multi: every access at the same offset. */
	bus_space_write_multi_4(&tag, h, 40, in, 4);
	KT_ASSERT(bus_space_read_4(&tag, h, 40) == 4 && bus_space_read_4(&tag, h, 44) == 0);
	bus_space_read_multi_4(&tag, h, 16, out, 3);
	KT_ASSERT(out[0] == 1 && out[1] == 1 && out[2] == 1);
	bus_space_set_region_2(&tag, h, 64, 0x5a5a, 8);
	for (i = 0; i < 8; i++)
		KT_ASSERT(bus_space_read_2(&tag, h, 64 + 2 * i) == 0x5a5a);
	bus_space_set_multi_1(&tag, h, 100, 7, 5);
	KT_ASSERT(bytes[100] == 7 && bytes[101] == 0);
	/* Overlapping copy forward by one word keeps the source intact as it goes. */
	bus_space_copy_region_4(&tag, h, 16, h, 20, 4);
	bus_space_read_region_4(&tag, h, 20, out, 4);
	KT_ASSERT(out[0] == 1 && out[1] == 2 && out[2] == 3 && out[3] == 4);
	KT_ASSERT(bus_space_subregion(&tag, h, 16, 16, &sub) == 0 && bus_space_read_4(&tag, sub, 0) == 1);
	KT_ASSERT(bus_space_vaddr(&tag, h) == (void *)mem);
	bus_space_barrier(&tag, h, 0, 256, BUS_SPACE_BARRIER_READ | BUS_SPACE_BARRIER_WRITE);
}

KTEST(bus_space_model_edu)
{
	struct pci_attach_args pa;
	bus_space_tag_t t;
	bus_space_handle_t h, sub;
	uint32_t regs[2];

	KT_ASSERT(ktest_edu_attach_args(&pa) == 0);
	KT_ASSERT(pci_mapreg_map(&pa, PCI_MAPREG_START, PCI_MAPREG_TYPE_MEM, 0, &t, &h, NULL, NULL) == 0);
	KT_ASSERT(bus_space_read_4(t, h, 0x00) == 0x010000ed);
	bus_space_write_4(t, h, 0x04, 0x12345678);
	KT_ASSERT(bus_space_read_4(t, h, 0x04) == ~0x12345678u, "liveness 0x%x", bus_space_read_4(t, h, 0x04));
	/* The DMA registers take 8-byte accesses. */
	bus_space_write_8(t, h, 0x80, 0x0123456789abcdefULL);
	KT_ASSERT(bus_space_read_8(t, h, 0x80) == 0x0123456789abcdefULL);
	bus_space_write_8(t, h, 0x80, 0);
	/* Below 0x80 only 4-byte accesses work; the rest read as all ones, as on QEMU. */
	KT_ASSERT(bus_space_read_2(t, h, 0x00) == 0xffff);
	bus_space_read_region_4(t, h, 0x00, regs, 2);
	KT_ASSERT(regs[0] == 0x010000ed && regs[1] == ~0x12345678u);
	KT_ASSERT(bus_space_subregion(t, h, 0x04, 4, &sub) == 0 && bus_space_read_4(t, sub, 0) == ~0x12345678u);
	bus_space_unmap(t, h, 0x100000);
}

/*
 * Port I/O on a BAR whose file the tag holds: pread/pwrite at the file offset plus the port (here
 * a plain file the Swift test made, standing in for uio's resource file), all ones outside the
 * BAR; without a file the same handle form goes to the host (the edu model's BAR 0).
 */
KTEST(bus_space_pio_file)
{
	struct bus_space_tag t = { NBSHIM_BUS_SPACE_IO, ktest_edu_host(), NULL };
	bus_space_handle_t h = NBSHIM_BSH_HOST_MAKE(2, 0x10), sub;
	uint8_t buf[4];

	KT_ASSERT(t.bst_host != NULL && ktest_pio()->pread != NULL);
	t.bst_pio[2] = *ktest_pio();
	/* File byte i holds i; the BAR starts at file offset 64. */
	KT_ASSERT(bus_space_read_1(&t, h, 0) == 0x50, "0x%x", bus_space_read_1(&t, h, 0));
	KT_ASSERT(bus_space_read_2(&t, h, 2) == 0x5352, "0x%x", bus_space_read_2(&t, h, 2));
	KT_ASSERT(bus_space_read_4(&t, h, 4) == 0x57565554, "0x%x", bus_space_read_4(&t, h, 4));
	bus_space_write_4(&t, h, 8, 0xa5c30f5a);
	KT_ASSERT(bus_space_read_4(&t, h, 8) == 0xa5c30f5a);
	bus_space_write_2(&t, h, 0x20, 0xbeef);
	bus_space_read_multi_1(&t, h, 0x20, buf, 2);
	KT_ASSERT(buf[0] == 0xef && buf[1] == 0xef, "multi reads one port");
	KT_ASSERT(bus_space_subregion(&t, h, 0x20, 2, &sub) == 0 && bus_space_read_1(&t, sub, 1) == 0xbe);
	/* The BAR is 64 bytes: 0x10 + 0x2e + 4 runs past it. */
	KT_ASSERT(bus_space_read_4(&t, h, 0x2e) == 0xffffffffu);
	/* No file for BAR 0: the host serves it. */
	KT_ASSERT(bus_space_read_4(&t, NBSHIM_BSH_HOST_MAKE(0, 0), 0) == 0x010000ed);
}
