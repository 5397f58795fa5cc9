package io.jhyve.inspect;

import io.jhyve.boot.SetupHeader;

import java.util.ArrayList;
import java.util.List;

/** The bits of loadflags and xloadflags spelled out (boot.rst, "loadflags" and "xloadflags"). */
final class Flags {
    static final int XLF_5LEVEL = 1 << 5, XLF_5LEVEL_ENABLED = 1 << 6;

    private Flags() { }

    static String loadflags(int flags) {
        List<String> s = new ArrayList<>();
        s.add((flags & SetupHeader.LOADED_HIGH) != 0
                ? "LOADED_HIGH: protected-mode code loads at 0x100000"
                : "LOADED_HIGH clear: a zImage, protected-mode code loads at 0x10000");
        if ((flags & SetupHeader.KASLR_FLAG) != 0) s.add("KASLR_FLAG: set by the decompressor, not the loader");
        if ((flags & SetupHeader.QUIET_FLAG) != 0) s.add("QUIET_FLAG: early messages off");
        if ((flags & SetupHeader.KEEP_SEGMENTS) != 0) s.add("KEEP_SEGMENTS (obsolete)");
        if ((flags & SetupHeader.CAN_USE_HEAP) != 0) s.add("CAN_USE_HEAP: heap_end_ptr is valid");
        return String.join("; ", s);
    }

    static String xloadflags(int flags) {
        List<String> s = new ArrayList<>();
        s.add((flags & SetupHeader.XLF_KERNEL_64) != 0
                ? "XLF_KERNEL_64: 64-bit entry at load address + 0x200"
                : "XLF_KERNEL_64 clear: no 64-bit entry");
        if ((flags & SetupHeader.XLF_CAN_BE_LOADED_ABOVE_4G) != 0) {
            s.add("XLF_CAN_BE_LOADED_ABOVE_4G: kernel, boot_params, command line and initrd may lie above 4 GiB");
        }
        if ((flags & SetupHeader.XLF_EFI_HANDOVER_32) != 0) s.add("XLF_EFI_HANDOVER_32");
        if ((flags & SetupHeader.XLF_EFI_HANDOVER_64) != 0) s.add("XLF_EFI_HANDOVER_64");
        if ((flags & SetupHeader.XLF_EFI_KEXEC) != 0) s.add("XLF_EFI_KEXEC");
        // boot.rst names two more bits, which SetupHeader does not decode.
        if ((flags & XLF_5LEVEL) != 0) s.add("XLF_5LEVEL: can enter with 5-level paging");
        if ((flags & XLF_5LEVEL_ENABLED) != 0) s.add("XLF_5LEVEL_ENABLED: 5-level paging enabled in the kernel");
        int others = flags & ~0x7f;
        if (others != 0) s.add(String.format("other bits 0x%x", others));
        return String.join("; ", s);
    }
}
