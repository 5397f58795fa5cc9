package io.jhyve.inspect;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * The guest RAM against what the kernel and initrd need. jhyve's own placement rules (the kernel's
 * init_size from its load address, the initrd below initrd_addr_max and above the kernel) are
 * judged by its loader in the jhyve verdict; this adds what happens later: the kernel keeps the
 * initrd in RAM while it unpacks its files into a tmpfs, so both must fit beside the kernel.
 *
 * @param initrdAddrMax the kernel's limit for the initrd's last byte, or null (no setup header)
 * @param needed        kernel init_size + initrd + unpacked files: RAM in use at the end of unpacking
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryFit(long ram, Long initSize, Long initrdSize, Long unpacked, Long initrdAddrMax, long needed,
                        List<String> warnings) {
    public MemoryFit {
        warnings = List.copyOf(warnings);
    }

    static MemoryFit of(long ram, KernelFacts k, InitrdReport initrd) {
        Long initSize = k.header == null ? null : Math.max(k.header.initSize(), k.header.syssize() * 16);
        Long addrMax = k.header == null ? null : k.header.initrdAddrMax();
        Long initrdSize = initrd == null ? null : initrd.size();
        Long unpacked = initrd == null ? null : initrd.unpacked();
        long needed = (initSize == null ? 0 : initSize) + (initrdSize == null ? 0 : initrdSize)
                + (unpacked == null ? 0 : unpacked);
        List<String> warnings = new ArrayList<>();
        if (needed > ram) {
            warnings.add(String.format("the kernel (%s), the initrd (%s) and its unpacked files (%s) need %s, more "
                    + "than the %s of RAM: raise -m", human(initSize), human(initrdSize), human(unpacked),
                    Units.human(needed), Units.human(ram)));
        }
        if (initrdSize != null && addrMax != null && initrdSize > addrMax + 1) {
            warnings.add(String.format("the initrd (%s) is larger than initrd_addr_max allows (%s)",
                    Units.human(initrdSize), Units.human(addrMax + 1)));
        }
        return new MemoryFit(ram, initSize, initrdSize, unpacked, addrMax, needed, warnings);
    }

    private static String human(Long bytes) {
        return bytes == null ? "none" : Units.human(bytes);
    }
}
