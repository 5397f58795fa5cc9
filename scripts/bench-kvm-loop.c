/*
 * bench-kvm-loop: the smallest KVM VMM that runs scripts/bench's exits guest
 * (java/guests/bench/exits.S), as the C baseline jhyve's exit path is compared
 * with. One memory slot, one vCPU entered in 32-bit flat protected mode at the
 * image's PVH entry (Xen docs/misc/pvh.pandoc), and a KVM_RUN loop that counts
 * the OUTs to the POST port 0x80 until the guest writes the debug-exit port 0xf4.
 *
 * Usage: bench-kvm-loop [--irqchip] IMAGE.elf [N]   (N goes to the guest as "exits=N")
 * --irqchip gives the VM KVM's in-kernel PIC/IOAPIC/LAPIC and PIT, as jhyve's has: the
 * same loop then shows what that KVM configuration costs per exit, apart from the VMM.
 * Prints: exits <count> seconds <s> exits_per_second <rate>, timed from the
 * first KVM_RUN to the debug-exit exit (what jhyve's timeline spans from
 * "kernel entered" to "end").
 */
#include <elf.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RAM_SIZE		(16u << 20)
#define START_INFO		0x1000u	/* struct hvm_start_info (Xen public/arch-x86/hvm/start_info.h) */
#define CMDLINE			0x2000u
#define XEN_HVM_START_MAGIC	0x336ec578u
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define POST_PORT		0x80
#define DEBUG_EXIT_PORT		0xf4

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Copies the PT_LOAD segments into RAM and returns the PVH entry from the PT_NOTE. */
static uint32_t load_pvh_elf(const char *path, uint8_t *ram)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) die(path);
	const uint8_t *f = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (f == MAP_FAILED) die("mmap image");
	const Elf64_Ehdr *eh = (const void *)f;
	if ((size_t)st.st_size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_machine != EM_X86_64
	    || eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > (uint64_t)st.st_size) {
		fprintf(stderr, "%s: not an ELF64 x86-64 image\n", path);
		exit(1);
	}
	uint32_t entry = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const void *)(f + eh->e_phoff + i * sizeof(Elf64_Phdr));
		if (ph->p_offset + ph->p_filesz > (uint64_t)st.st_size
		    || (ph->p_type == PT_LOAD && (ph->p_filesz > ph->p_memsz || ph->p_paddr + ph->p_memsz > RAM_SIZE))) {
			fprintf(stderr, "%s: program header %d lies outside the file or RAM\n", path, i);
			exit(1);
		}
		if (ph->p_type == PT_LOAD) {
			memcpy(ram + ph->p_paddr, f + ph->p_offset, ph->p_filesz);
			memset(ram + ph->p_paddr + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
		} else if (ph->p_type == PT_NOTE && ph->p_filesz >= 12 + 4 + 8) {
			/* One note is enough for this image: namesz 4 "Xen\0", type 18, 8-byte address. */
			const uint32_t *n = (const void *)(f + ph->p_offset);
			if (n[0] == 4 && n[2] == XEN_ELFNOTE_PHYS32_ENTRY && !memcmp(&n[3], "Xen", 4))
				memcpy(&entry, &n[4], sizeof entry);
		}
	}
	if (!entry) {
		fprintf(stderr, "%s: no XEN_ELFNOTE_PHYS32_ENTRY note\n", path);
		exit(1);
	}
	munmap((void *)f, st.st_size);
	close(fd);
	return entry;
}

static struct kvm_segment flat_segment(uint16_t selector, uint8_t type)
{
	return (struct kvm_segment){ .base = 0, .limit = 0xffffffff, .selector = selector, .type = type,
				     .present = 1, .s = 1, .db = 1, .g = 1 };
}

int main(int argc, char **argv)
{
	int irqchip = argc > 1 && !strcmp(argv[1], "--irqchip");
	argv += irqchip;
	argc -= irqchip;
	if (argc < 2) {
		fprintf(stderr, "usage: bench-kvm-loop [--irqchip] IMAGE.elf [N]\n");
		return 2;
	}
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) die("/dev/kvm");
	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) die("KVM_CREATE_VM");
	/* Intel without unrestricted guest needs a TSS for protected mode; harmless elsewhere. */
	ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000ul);
	struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };
	if (irqchip && (ioctl(vm, KVM_CREATE_IRQCHIP, 0) < 0 || ioctl(vm, KVM_CREATE_PIT2, &pit) < 0))
		die("KVM_CREATE_IRQCHIP/KVM_CREATE_PIT2");

	uint8_t *ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ram == MAP_FAILED) die("mmap RAM");
	struct kvm_userspace_memory_region slot = { .slot = 0, .guest_phys_addr = 0, .memory_size = RAM_SIZE,
						    .userspace_addr = (uintptr_t)ram };
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &slot) < 0) die("KVM_SET_USER_MEMORY_REGION");

	uint32_t entry = load_pvh_elf(argv[1], ram);
	if (argc > 2) snprintf((char *)ram + CMDLINE, 64, "exits=%s", argv[2]);
	uint32_t start_info[8] = { XEN_HVM_START_MAGIC, 1, 0, 0, 0, 0, CMDLINE, 0 };
	memcpy(ram + START_INFO, start_info, sizeof start_info);

	int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0) die("KVM_CREATE_VCPU");
	int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	struct kvm_run *run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED) die("mmap kvm_run");

	struct kvm_sregs sregs;
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) die("KVM_GET_SREGS");
	sregs.cs = flat_segment(0x10, 0xb);	/* execute/read, accessed */
	sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = flat_segment(0x18, 0x3);	/* read/write, accessed */
	sregs.cr0 = 0x11;			/* PE | ET */
	sregs.cr4 = 0;
	sregs.efer = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0) die("KVM_SET_SREGS");
	struct kvm_regs regs = { .rip = entry, .rflags = 0x2, .rbx = START_INFO };
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0) die("KVM_SET_REGS");

	unsigned long exits = 0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0) die("KVM_RUN");
		if (run->exit_reason != KVM_EXIT_IO || run->io.direction != KVM_EXIT_IO_OUT) {
			fprintf(stderr, "unexpected exit %u\n", run->exit_reason);
			return 1;
		}
		if (run->io.port == POST_PORT) {
			exits++;
		} else if (run->io.port == DEBUG_EXIT_PORT) {
			break;
		} else {
			fprintf(stderr, "unexpected OUT to port 0x%x\n", run->io.port);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("exits %lu seconds %.6f exits_per_second %.0f\n", exits, s, s > 0 ? exits / s : 0.0);
	return 0;
}
