package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.VmcsField.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhyve.arch.x86.BootCpuState;
import io.jhyve.arch.x86.Layout;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestStateChecksTest {
    private static List<String> check(VmcsBatch b) {
        return GuestStateChecks.check(b::vmcsValue, CapabilityFixtures.INTEL_MAC);
    }

    private static VmcsBatch linux64() {
        return VmcsGuestStateTest.write(BootCpuState.linux64(0x100_0000, Layout.ZERO_PAGE));
    }

    @Test
    void linux64BootStatePassesVmEntryChecks() {
        assertEquals(List.of(), check(linux64()));
    }

    @Test
    void pvh32BootStatePassesVmEntryChecks() {
        assertEquals(List.of(), check(VmcsGuestStateTest.write(BootCpuState.pvh32(0x100_0000, Layout.PVH_START_INFO))));
    }

    /** An application processor after INIT and STARTUP: real mode, which unrestricted guest runs natively. */
    @Test
    void startupIpiStatePassesVmEntryChecks() {
        assertEquals(List.of(), check(VmcsGuestStateTest.write(BootCpuState.startupIpi(0x9a))));
    }

    @Test
    void sixtyFourBitCodeSegmentWithDbSet() {
        VmcsBatch b = linux64().vmcs(GUEST_CS_ACCESS_RIGHTS, 0xe09b);
        assertEquals(List.of("SDM 26.3.1.2: 64-bit CS (L=1) must have D/B=0"), check(b));
    }

    @Test
    void sixteenBitTssInLongMode() {
        VmcsBatch b = linux64().vmcs(GUEST_TR_ACCESS_RIGHTS, 0x83);
        assertEquals(List.of("SDM 26.3.1.2: TR type 0x3 is not a busy 64-bit TSS"), check(b));
    }

    @Test
    void eferLmaWithoutTheEntryControl() {
        VmcsBatch b = linux64().vmcs(VM_ENTRY_CONTROLS, VmcsGuestStateTest.CONTROLS.entry());
        assertEquals(List.of("SDM 26.3.1.1: IA32_EFER.LMA (0x500) differs from the 'IA-32e mode guest' entry control"),
                check(b));
    }

    @Test
    void rflagsWithoutReservedBitOne() {
        VmcsBatch b = linux64().vmcs(GUEST_RFLAGS, 0);
        assertEquals(List.of("SDM 26.3.1.4: RFLAGS 0x0: reserved bits must be 0 and bit 1 must be 1"), check(b));
    }

    @Test
    void cr4WithoutVmxe() {
        VmcsBatch b = linux64().vmcs(GUEST_CR4, 0x20);
        assertEquals(List.of("SDM 26.3.1.1: CR4 0x20 breaks the fixed bits (FIXED0 0x2000, FIXED1 0x3767ff)"), check(b));
    }

    @Test
    void byteGranularLimitWithG() {
        VmcsBatch b = linux64().vmcs(GUEST_DS_LIMIT, 0xfffe);
        assertEquals(List.of("SDM 26.3.1.2: DS limit 0xfffe is not page-granular but G is set"), check(b));
    }

    @Test
    void stiBlockingWithInterruptsOff() {
        VmcsBatch b = linux64().vmcs(GUEST_INTERRUPTIBILITY_STATE, 1);
        assertEquals(List.of("SDM 26.3.1.5: blocking by STI while RFLAGS.IF is 0"), check(b));
    }
}
