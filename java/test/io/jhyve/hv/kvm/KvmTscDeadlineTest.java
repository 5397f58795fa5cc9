package io.jhyve.hv.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhyve.hv.CpuidEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvmTscDeadlineTest {
    @Test
    void onlyLeafOneGainsTheDeadlineBitAndKeepsItsOtherBits() {
        CpuidEntry leaf1 = new CpuidEntry(1, 0, false, 0x806f8, 0x800, 0x7ed8320b, 0x178bfbff);
        CpuidEntry leaf7 = new CpuidEntry(7, 0, true, 0, 0x219c07ab, 0x1000000, 0);
        List<CpuidEntry> out = KvmTscDeadline.offered(List.of(leaf1, leaf7));
        assertEquals(0x7ed8320b | 1 << 24, out.get(0).ecx());
        assertEquals(leaf1.withEcx(out.get(0).ecx()), out.get(0), "nothing else changes");
        assertEquals(leaf7, out.get(1), "leaf 7 ECX bit 24 is another feature: untouched");
    }
}
