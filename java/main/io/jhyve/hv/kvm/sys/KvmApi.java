package io.jhyve.hv.kvm.sys;

/**
 * ioctl numbers, capability numbers and struct layouts of the KVM API, named as in
 * {@code include/uapi/linux/kvm.h} and {@code arch/x86/include/uapi/asm/kvm.h}. Struct layouts are
 * byte offsets, because jhyve reads and writes these structs through plain native buffers (no JNA
 * Structure marshalling, which costs reflection per call).
 */
public final class KvmApi {
    private KvmApi() { }

    public static final int KVMIO = 0xAE;
    /** The only stable API version (Documentation/virt/kvm/api.rst §4.1). */
    public static final int KVM_API_VERSION = 12;

    // _IOC(dir, type, nr, size) = dir << 30 | size << 16 | type << 8 | nr
    private static long io(int nr) { return (KVMIO << 8) | nr; }
    private static long ior(int nr, int size) { return (2L << 30) | ((long) size << 16) | (KVMIO << 8) | nr; }
    private static long iow(int nr, int size) { return (1L << 30) | ((long) size << 16) | (KVMIO << 8) | nr; }
    private static long iowr(int nr, int size) { return (3L << 30) | ((long) size << 16) | (KVMIO << 8) | nr; }

    // System ioctls
    public static final long KVM_GET_API_VERSION = io(0x00);
    public static final long KVM_CREATE_VM = io(0x01);
    public static final long KVM_CHECK_EXTENSION = io(0x03);
    public static final long KVM_GET_VCPU_MMAP_SIZE = io(0x04);
    public static final long KVM_GET_SUPPORTED_CPUID = iowr(0x05, 8);

    // VM ioctls
    public static final long KVM_CREATE_VCPU = io(0x41);
    public static final long KVM_SET_USER_MEMORY_REGION = iow(0x46, 32);
    public static final long KVM_SET_TSS_ADDR = io(0x47);
    public static final long KVM_SET_IDENTITY_MAP_ADDR = iow(0x48, 8);
    public static final long KVM_CREATE_IRQCHIP = io(0x60);
    public static final long KVM_IRQ_LINE = iow(0x61, 8);
    public static final long KVM_CREATE_PIT2 = iow(0x77, 64);

    // vCPU ioctls
    public static final long KVM_RUN = io(0x80);
    public static final long KVM_GET_REGS = ior(0x81, SIZEOF_KVM_REGS());
    public static final long KVM_SET_REGS = iow(0x82, SIZEOF_KVM_REGS());
    public static final long KVM_GET_SREGS = ior(0x83, SIZEOF_KVM_SREGS());
    public static final long KVM_SET_SREGS = iow(0x84, SIZEOF_KVM_SREGS());
    public static final long KVM_INTERRUPT = iow(0x86, 4);
    /** Queues an NMI; defined only without the in-kernel irqchip (api.rst §4.73), and KVM then waits for the NMI window itself. */
    public static final long KVM_NMI = io(0x9a);
    public static final long KVM_SET_MSRS = iow(0x89, 8);
    public static final long KVM_SET_CPUID2 = iow(0x90, 8);

    // Capabilities jhyve relies on (KVM_CHECK_EXTENSION)
    public static final int KVM_CAP_IRQCHIP = 0;
    public static final int KVM_CAP_HLT = 1;
    public static final int KVM_CAP_USER_MEMORY = 3;
    public static final int KVM_CAP_SET_TSS_ADDR = 4;
    public static final int KVM_CAP_EXT_CPUID = 7;
    public static final int KVM_CAP_NR_VCPUS = 9;
    public static final int KVM_CAP_NR_MEMSLOTS = 10;
    public static final int KVM_CAP_PIT2 = 33;
    public static final int KVM_CAP_SET_IDENTITY_MAP_ADDR = 37;
    public static final int KVM_CAP_MAX_VCPUS = 66;
    public static final int KVM_CAP_IMMEDIATE_EXIT = 136;

    // Exit reasons (kvm_run.exit_reason)
    public static final int KVM_EXIT_UNKNOWN = 0;
    public static final int KVM_EXIT_EXCEPTION = 1;
    public static final int KVM_EXIT_IO = 2;
    public static final int KVM_EXIT_HYPERCALL = 3;
    public static final int KVM_EXIT_DEBUG = 4;
    public static final int KVM_EXIT_HLT = 5;
    public static final int KVM_EXIT_MMIO = 6;
    public static final int KVM_EXIT_IRQ_WINDOW_OPEN = 7;
    public static final int KVM_EXIT_SHUTDOWN = 8;
    public static final int KVM_EXIT_FAIL_ENTRY = 9;
    public static final int KVM_EXIT_INTR = 10;
    public static final int KVM_EXIT_INTERNAL_ERROR = 17;
    public static final int KVM_EXIT_SYSTEM_EVENT = 24;

    public static final int KVM_EXIT_IO_IN = 0;
    public static final int KVM_EXIT_IO_OUT = 1;

    public static final int KVM_INTERNAL_ERROR_EMULATION = 1;
    public static final int KVM_INTERNAL_ERROR_SIMUL_EX = 2;
    public static final int KVM_INTERNAL_ERROR_DELIVERY_EV = 3;
    public static final int KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON = 4;

    public static final int KVM_SYSTEM_EVENT_SHUTDOWN = 1;
    public static final int KVM_SYSTEM_EVENT_RESET = 2;
    public static final int KVM_SYSTEM_EVENT_CRASH = 3;

    public static final int KVM_PIT_SPEAKER_DUMMY = 1;
    public static final int KVM_CPUID_FLAG_SIGNIFCANT_INDEX = 1;

    // struct kvm_run: the header and the unions jhyve reads
    public static final int RUN_REQUEST_INTERRUPT_WINDOW = 0;
    public static final int RUN_IMMEDIATE_EXIT = 1;
    public static final int RUN_EXIT_REASON = 8;
    public static final int RUN_READY_FOR_INTERRUPT_INJECTION = 12;
    public static final int RUN_IF_FLAG = 13;
    public static final int RUN_CR8 = 16;
    public static final int RUN_APIC_BASE = 24;
    public static final int RUN_UNION = 32;
    // .io
    public static final int RUN_IO_DIRECTION = RUN_UNION;
    public static final int RUN_IO_SIZE = RUN_UNION + 1;
    public static final int RUN_IO_PORT = RUN_UNION + 2;
    public static final int RUN_IO_COUNT = RUN_UNION + 4;
    public static final int RUN_IO_DATA_OFFSET = RUN_UNION + 8;
    // .mmio
    public static final int RUN_MMIO_PHYS_ADDR = RUN_UNION;
    public static final int RUN_MMIO_DATA = RUN_UNION + 8;
    public static final int RUN_MMIO_LEN = RUN_UNION + 16;
    public static final int RUN_MMIO_IS_WRITE = RUN_UNION + 20;
    // .fail_entry
    public static final int RUN_FAIL_ENTRY_REASON = RUN_UNION;
    // .internal
    public static final int RUN_INTERNAL_SUBERROR = RUN_UNION;
    public static final int RUN_INTERNAL_NDATA = RUN_UNION + 4;
    public static final int RUN_INTERNAL_DATA = RUN_UNION + 8;
    // .system_event
    public static final int RUN_SYSTEM_EVENT_TYPE = RUN_UNION;
    // .hw
    public static final int RUN_HW_EXIT_REASON = RUN_UNION;
    // .ex
    public static final int RUN_EX_EXCEPTION = RUN_UNION;
    public static final int RUN_EX_ERROR_CODE = RUN_UNION + 4;

    /** struct kvm_regs: 18 __u64 in the order rax rbx rcx rdx rsi rdi rsp rbp r8..r15 rip rflags. */
    public static int SIZEOF_KVM_REGS() { return 18 * 8; }

    /** struct kvm_segment: base u64, limit u32, selector u16, then 8 u8 flags and a pad byte. */
    public static final int SIZEOF_KVM_SEGMENT = 24;
    /** struct kvm_dtable: base u64, limit u16, padding u16[3]. */
    public static final int SIZEOF_KVM_DTABLE = 16;

    /** struct kvm_sregs: 8 segments, gdt, idt, cr0 cr2 cr3 cr4 cr8 efer apic_base, interrupt_bitmap[4]. */
    public static int SIZEOF_KVM_SREGS() { return 8 * SIZEOF_KVM_SEGMENT + 2 * SIZEOF_KVM_DTABLE + 7 * 8 + 4 * 8; }

    /** struct kvm_cpuid_entry2: function index flags eax ebx ecx edx padding[3], all u32. */
    public static final int SIZEOF_KVM_CPUID_ENTRY2 = 40;
    /** struct kvm_msr_entry: index u32, reserved u32, data u64. */
    public static final int SIZEOF_KVM_MSR_ENTRY = 16;
}
