package io.jhyve.hv.hvf;

/**
 * One VMX control bit, named as in the Intel SDM Vol. 3C tables of VM-execution, VM-exit and
 * VM-entry controls (§24.6.1-2, §24.7.1, §24.8.1; §25.x in 2023 and later editions).
 */
public record VmxControl(Kind kind, int bit, String name) {
    /** The five control fields, with the capability that constrains each. */
    public enum Kind {
        PIN_BASED("pin-based VM-execution control", VmcsField.PIN_BASED_VM_EXECUTION_CONTROLS),
        PRIMARY("primary processor-based VM-execution control", VmcsField.PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS),
        SECONDARY("secondary processor-based VM-execution control", VmcsField.SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS),
        EXIT("VM-exit control", VmcsField.VM_EXIT_CONTROLS),
        ENTRY("VM-entry control", VmcsField.VM_ENTRY_CONTROLS);

        private final String title;
        private final int field;

        Kind(String title, int field) {
            this.title = title;
            this.field = field;
        }

        public String title() { return title; }

        public int field() { return field; }

        public long capability(VmxCapabilities caps) {
            return switch (this) {
                case PIN_BASED -> caps.pinBased();
                case PRIMARY -> caps.procBased();
                case SECONDARY -> caps.procBased2();
                case EXIT -> caps.exit();
                case ENTRY -> caps.entry();
            };
        }
    }

    public long mask() { return 1L << bit; }

    // Pin-based VM-execution controls.
    public static final VmxControl EXTERNAL_INTERRUPT_EXITING = new VmxControl(Kind.PIN_BASED, 0, "external-interrupt exiting");
    public static final VmxControl NMI_EXITING = new VmxControl(Kind.PIN_BASED, 3, "NMI exiting");
    public static final VmxControl VIRTUAL_NMIS = new VmxControl(Kind.PIN_BASED, 5, "virtual NMIs");
    // Primary processor-based VM-execution controls.
    public static final VmxControl INTERRUPT_WINDOW_EXITING = new VmxControl(Kind.PRIMARY, 2, "interrupt-window exiting");
    public static final VmxControl HLT_EXITING = new VmxControl(Kind.PRIMARY, 7, "HLT exiting");
    public static final VmxControl MWAIT_EXITING = new VmxControl(Kind.PRIMARY, 10, "MWAIT exiting");
    public static final VmxControl RDPMC_EXITING = new VmxControl(Kind.PRIMARY, 11, "RDPMC exiting");
    public static final VmxControl NMI_WINDOW_EXITING = new VmxControl(Kind.PRIMARY, 22, "NMI-window exiting");
    public static final VmxControl UNCONDITIONAL_IO_EXITING = new VmxControl(Kind.PRIMARY, 24, "unconditional I/O exiting");
    public static final VmxControl USE_IO_BITMAPS = new VmxControl(Kind.PRIMARY, 25, "use I/O bitmaps");
    public static final VmxControl MONITOR_EXITING = new VmxControl(Kind.PRIMARY, 29, "MONITOR exiting");
    public static final VmxControl ACTIVATE_SECONDARY_CONTROLS = new VmxControl(Kind.PRIMARY, 31, "activate secondary controls");
    // Secondary processor-based VM-execution controls.
    public static final VmxControl VIRTUALIZE_APIC_ACCESSES = new VmxControl(Kind.SECONDARY, 0, "virtualize APIC accesses");
    public static final VmxControl ENABLE_EPT = new VmxControl(Kind.SECONDARY, 1, "enable EPT");
    public static final VmxControl ENABLE_RDTSCP = new VmxControl(Kind.SECONDARY, 3, "enable RDTSCP");
    public static final VmxControl UNRESTRICTED_GUEST = new VmxControl(Kind.SECONDARY, 7, "unrestricted guest");
    public static final VmxControl APIC_REGISTER_VIRTUALIZATION = new VmxControl(Kind.SECONDARY, 8, "APIC-register virtualization");
    public static final VmxControl ENABLE_INVPCID = new VmxControl(Kind.SECONDARY, 12, "enable INVPCID");
    // VM-exit controls.
    public static final VmxControl HOST_ADDRESS_SPACE_SIZE = new VmxControl(Kind.EXIT, 9, "host address-space size");
    public static final VmxControl ACKNOWLEDGE_INTERRUPT_ON_EXIT = new VmxControl(Kind.EXIT, 15, "acknowledge interrupt on exit");
    public static final VmxControl SAVE_IA32_PAT = new VmxControl(Kind.EXIT, 18, "save IA32_PAT");
    public static final VmxControl EXIT_LOAD_IA32_PAT = new VmxControl(Kind.EXIT, 19, "load IA32_PAT");
    public static final VmxControl SAVE_IA32_EFER = new VmxControl(Kind.EXIT, 20, "save IA32_EFER");
    public static final VmxControl EXIT_LOAD_IA32_EFER = new VmxControl(Kind.EXIT, 21, "load IA32_EFER");
    // VM-entry controls.
    public static final VmxControl IA32E_MODE_GUEST = new VmxControl(Kind.ENTRY, 9, "IA-32e mode guest");
    public static final VmxControl ENTRY_TO_SMM = new VmxControl(Kind.ENTRY, 10, "entry to SMM");
    public static final VmxControl ENTRY_LOAD_IA32_PAT = new VmxControl(Kind.ENTRY, 14, "load IA32_PAT");
    public static final VmxControl ENTRY_LOAD_IA32_EFER = new VmxControl(Kind.ENTRY, 15, "load IA32_EFER");

    @Override
    public String toString() {
        return kind.title() + " '" + name + "' (bit " + bit + ")";
    }
}
