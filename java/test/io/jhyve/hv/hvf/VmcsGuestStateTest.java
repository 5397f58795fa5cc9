package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.VmcsField.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.arch.x86.BootCpuState;
import io.jhyve.arch.x86.Gdt;
import io.jhyve.arch.x86.Layout;
import io.jhyve.hv.SpecialRegisters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmcsGuestStateTest {
    static final VmxControls CONTROLS = VmxControls.compute(CapabilityFixtures.INTEL_MAC);
    static final ControlRegisterPolicy CR = ControlRegisterPolicy.of(CapabilityFixtures.INTEL_MAC);

    static VmcsBatch write(BootCpuState s) {
        VmcsBatch b = new VmcsBatch();
        VmcsGuestState.writeSpecial(b, s.sregs(), CR, CONTROLS);
        VmcsGuestState.writeRegisters(b, s.regs());
        return b;
    }

    @Test
    void linux64StateInVmcsTerms() {
        VmcsBatch b = write(BootCpuState.linux64(0x100_0000, Layout.ZERO_PAGE));
        assertEquals(0xa09b, b.vmcsValue(GUEST_CS_ACCESS_RIGHTS));   // G, L, P, S, type 0xb
        assertEquals(0xc093, b.vmcsValue(GUEST_DS_ACCESS_RIGHTS));   // G, D/B, P, S, type 3
        assertEquals(0xc093, b.vmcsValue(GUEST_SS_ACCESS_RIGHTS));
        assertEquals(0x008b, b.vmcsValue(GUEST_TR_ACCESS_RIGHTS));   // P, busy 64-bit TSS
        assertEquals(0x10082, b.vmcsValue(GUEST_LDTR_ACCESS_RIGHTS) | 0x80); // unusable LDT
        assertEquals(Gdt.BOOT_CS, b.vmcsValue(GUEST_CS_SELECTOR));
        assertEquals(0xffffffffL, b.vmcsValue(GUEST_CS_LIMIT));
        assertEquals(0x8000_0031L, b.vmcsValue(GUEST_CR0));          // PE, ET, NE, PG
        assertEquals(0x8000_0031L, b.vmcsValue(CR0_READ_SHADOW));
        assertEquals(0x2020, b.vmcsValue(GUEST_CR4));                // PAE + VMXE forced by FIXED0
        assertEquals(0x20, b.vmcsValue(CR4_READ_SHADOW));            // the guest does not see VMXE
        assertTrue((b.vmcsValue(CR4_GUEST_HOST_MASK) & 0x2000) != 0);
        assertEquals(0x500, b.vmcsValue(GUEST_IA32_EFER));
        assertEquals(CONTROLS.entry() | 1 << 9, b.vmcsValue(VM_ENTRY_CONTROLS));
        assertEquals(0x100_0200L, b.vmcsValue(GUEST_RIP));
        assertEquals(2, b.vmcsValue(GUEST_RFLAGS));
        assertEquals(Layout.ZERO_PAGE, b.registerValue(HvX86Reg.HV_X86_RSI));
        assertEquals(~0L, b.vmcsValue(VMCS_LINK_POINTER));
        assertEquals(VmcsGuestState.PAT_POWER_ON, b.vmcsValue(GUEST_IA32_PAT));
    }

    @Test
    void everyGuestStateFieldIsWritten() {
        // HVF documents nothing about a new VMCS: all guest-state fields VM entry checks are written.
        VmcsBatch b = write(BootCpuState.linux64(0x100_0000, Layout.ZERO_PAGE));
        List<String> missing = new ArrayList<>();
        for (var f : VmcsField.class.getFields()) {
            try {
                int field = f.getInt(null);
                boolean guest = VmcsField.type(field) == 2 && f.getName().startsWith("GUEST_")
                        && !f.getName().startsWith("GUEST_PDPTE") && !f.getName().equals("GUEST_SMBASE");
                if (guest && !b.writes(HvfNative.vmcs(field))) missing.add(f.getName());
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                // not an int field
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void specialRegistersRoundTripThroughTheVmcs() {
        SpecialRegisters in = BootCpuState.linux64(0x100_0000, Layout.ZERO_PAGE).sregs();
        VmcsBatch b = new VmcsBatch();
        VmcsGuestState.writeSpecial(b, in, CR, CONTROLS);
        int[] ids = VmcsGuestState.specialIds();
        long[] v = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            v[i] = (ids[i] & HvfNative.HVS_VMCS) != 0 ? b.vmcsValue(ids[i] & 0xffff) : b.registerValue(ids[i]);
        }
        assertEquals(in, VmcsGuestState.readSpecial(v, in.apicBase()));
    }

    @Test
    void cr0KeepsForcedBitsAndHidesCacheDisable() {
        long cdNw = ControlRegisterPolicy.CR0_CD | ControlRegisterPolicy.CR0_NW;
        assertEquals(0x20 | 0x11, CR.cr0Actual(cdNw | 0x11)); // NE forced, CD/NW never reach the processor
        assertEquals(cdNw | 0x11, ControlRegisterPolicy.guestView(CR.cr0Actual(cdNw | 0x11), CR.cr0Mask(), cdNw | 0x11));
        assertEquals(0, CR.cr0Actual(0) & (SpecialRegisters.CR0_PE | SpecialRegisters.CR0_PG)); // unrestricted guest
    }
}
