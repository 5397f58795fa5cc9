package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.MmioDecoder.Mode.BITS16;
import static io.jhyve.hv.hvf.MmioDecoder.Mode.BITS32;
import static io.jhyve.hv.hvf.MmioDecoder.Mode.BITS64;
import static io.jhyve.hv.hvf.MmioInstruction.Kind.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Encodings assembled with GNU as 2.40 (`as --64`, with .code32/.code16 sections) from the AT&T
 * source in each comment; the hex is objdump's output for it.
 */
class MmioDecoderTest {
    private static MmioInstruction d(String hex, MmioDecoder.Mode mode) {
        // Trailing bytes of the next instruction must not change the result.
        return MmioDecoder.decode(HexFormat.of().parseHex(hex.replace(" ", "") + "90909090"), mode);
    }

    /** Expects the mode's own address size: no 67 prefix. */
    private static void expect(String hex, MmioDecoder.Mode mode, int length, int size, MmioInstruction.Kind kind,
                               int reg, boolean high, long imm, int dest) {
        int addressSize = switch (mode) { case BITS16 -> 2; case BITS32 -> 4; case BITS64 -> 8; };
        assertEquals(new MmioInstruction(length, size, kind, reg, high, imm, dest, addressSize), d(hex, mode), hex);
    }

    @Test
    void stores() {
        expect("89 07", BITS64, 2, 4, STORE_REGISTER, 0, false, 0, 4);                   // mov %eax,(%rdi)
        expect("88 46 10", BITS64, 3, 1, STORE_REGISTER, 0, false, 0, 1);                // mov %al,0x10(%rsi)
        expect("88 23", BITS64, 2, 1, STORE_REGISTER, 0, true, 0, 1);                    // mov %ah,(%rbx)
        expect("66 89 0a", BITS64, 3, 2, STORE_REGISTER, 1, false, 0, 2);                // mov %cx,(%rdx)
        expect("4c 89 8c 98 78 56 34 12", BITS64, 8, 8, STORE_REGISTER, 9, false, 0, 8); // mov %r9,0x12345678(%rax,%rbx,4)
        expect("45 89 13", BITS64, 3, 4, STORE_REGISTER, 10, false, 0, 4);               // mov %r10d,(%r11)
        expect("a3 00 00 d0 fe 00 00 00 00", BITS64, 9, 4, STORE_REGISTER, 0, false, 0, 4); // movabs %eax,0xfed00000
        expect("ab", BITS64, 1, 4, STORE_STRING, 0, false, 0, 4);                        // stosl
    }

    @Test
    void loads() {
        expect("8b 07", BITS64, 2, 4, LOAD, 0, false, 0, 4);                             // mov (%rdi),%eax
        expect("44 8a 86 80 00 00 00", BITS64, 7, 1, LOAD, 8, false, 0, 1);              // mov 0x80(%rsi),%r8b
        expect("48 8b 15 00 00 00 00", BITS64, 7, 8, LOAD, 2, false, 0, 8);              // movq 0x0(%rip),%rdx
        expect("a1 00 00 d0 fe 00 00 00 00", BITS64, 9, 4, LOAD, 0, false, 0, 4);        // movabs 0xfed00000,%eax
        expect("0f b6 0f", BITS64, 3, 1, LOAD_ZERO_EXTEND, 1, false, 0, 4);              // movzbl (%rdi),%ecx
        expect("44 0f b7 67 10", BITS64, 5, 2, LOAD_ZERO_EXTEND, 12, false, 0, 4);       // movzwl 0x10(%rdi),%r12d
        expect("48 0f be 07", BITS64, 4, 1, LOAD_SIGN_EXTEND, 0, false, 0, 8);           // movsbq (%rdi),%rax
        expect("0f bf 17", BITS64, 3, 2, LOAD_SIGN_EXTEND, 2, false, 0, 4);              // movswl (%rdi),%edx
    }

    @Test
    void immediates() {
        expect("c6 07 5a", BITS64, 3, 1, STORE_IMMEDIATE, -1, false, 0x5a, 1);            // movb $0x5a,(%rdi)
        expect("66 c7 47 02 34 12", BITS64, 6, 2, STORE_IMMEDIATE, -1, false, 0x1234, 2); // movw $0x1234,2(%rdi)
        expect("c7 47 04 f0 ff ff ff", BITS64, 7, 4, STORE_IMMEDIATE, -1, false, 0xfffffff0L, 4); // movl $0xfffffff0,4(%rdi)
        expect("48 c7 07 fe ff ff ff", BITS64, 7, 8, STORE_IMMEDIATE, -1, false, -2, 8);  // movq $-2,(%rdi): imm32 sign-extends
    }

    @Test
    void thirtyTwoAndSixteenBitCode() {
        expect("89 07", BITS32, 2, 4, STORE_REGISTER, 0, false, 0, 4);                   // .code32 mov %eax,(%edi)
        expect("66 c7 06 55 00", BITS32, 5, 2, STORE_IMMEDIATE, -1, false, 0x55, 2);     // .code32 movw $0x55,(%esi)
        expect("0f b6 05 00 10 00 00", BITS32, 7, 1, LOAD_ZERO_EXTEND, 0, false, 0, 4);  // .code32 movzbl 0x1000,%eax
        expect("89 04", BITS16, 2, 2, STORE_REGISTER, 0, false, 0, 2);                   // .code16 mov %ax,(%si)
        expect("66 89 00", BITS16, 3, 4, STORE_REGISTER, 0, false, 0, 4);                // .code16 movl %eax,(%bx,%si)
    }

    @Test
    void addressSizeIsTheModesOrTheOtherUnder67() {
        assertEquals(4, d("67 89 03", BITS64).addressSize());             // mov %eax,(%ebx)
        assertEquals(4, d("67 a3 20 00 00 ef", BITS64).addressSize());    // addr32 mov %eax,0xef000020
        assertEquals(6, d("67 a3 20 00 00 ef", BITS64).length());         // moffs32 under 67
        assertEquals(2, d("67 89 04", BITS32).addressSize());             // .code32 mov %eax,(%si)
        assertEquals(4, d("67 a3 e4 01", BITS32).length());               // .code32 addr16 mov %eax,0x1e4: moffs16
        assertEquals(4, d("67 89 03", BITS16).addressSize());             // .code16 mov %ax,(%ebx)
        assertEquals(4, d("67 ab", BITS64).addressSize());                // addr32 stos %eax,%es:(%edi)
    }

    @Test
    void stosMovesRdiInItsAddressSize() {
        assertEquals(0x1004, d("ab", BITS64).indexAfter(0x1000, false));                      // stosl
        assertEquals(0x0ff8, d("48 ab", BITS64).indexAfter(0x1000, true));                    // std; stosq
        // 32-bit EDI: a 32-bit register write clears the upper half, as KVM does.
        assertEquals(0xef00_0044L, d("67 ab", BITS64).indexAfter(0x5a5a_5a5a_ef00_0040L, false));
        // 16-bit DI wraps and leaves the rest of RDI.
        assertEquals(0x1234_fffeL, d("ab", BITS16).indexAfter(0x1234_0000L, true));           // .code16 std; stosw
        assertEquals(0xffff_ffffL, d("aa", BITS32).indexAfter(0, true));                      // .code32 std; stosb
    }

    @Test
    void refusesWhatItDoesNotEmulate() {
        var e = assertThrows(MmioDecoder.UnsupportedInstructionException.class, () -> d("89 c3", BITS64)); // mov %eax,%ebx
        assertEquals("MMIO instruction 89 c3 90 90 90 90: register operand, not a memory access", e.getMessage());
        e = assertThrows(MmioDecoder.UnsupportedInstructionException.class, () -> d("f3 aa", BITS64));     // rep stosb
        assertEquals("MMIO instruction f3 aa 90 90 90 90: REP/REPNE prefixed string instructions are not emulated", e.getMessage());
        e = assertThrows(MmioDecoder.UnsupportedInstructionException.class, () -> MmioDecoder.decode(new byte[] {(byte) 0x8b}, BITS64));
        assertEquals("MMIO instruction 8b: instruction runs past the fetched bytes", e.getMessage());
    }

    @Test
    void loadsFollowX86RegisterWriteRules() {
        long old = 0x1122_3344_5566_7788L;
        assertEquals(0x1122_3344_5566_77aaL, d("8a 07", BITS64).loadedRegister(old, 0xaa));       // mov (%rdi),%al
        assertEquals(0x1122_3344_5566_aa88L, d("8a 27", BITS64).loadedRegister(old, 0xaa));       // mov (%rdi),%ah
        assertEquals(0xdead_beefL, d("8b 07", BITS64).loadedRegister(old, 0xdead_beefL));        // 32-bit: zero-extends
        assertEquals(0x1122_3344_5566_beefL, d("66 8b 07", BITS64).loadedRegister(old, 0xbeef)); // 16-bit: keeps the rest
        assertEquals(0xffff_ffff_ffff_ff80L, d("48 0f be 07", BITS64).loadedRegister(old, 0x80)); // movsbq
        assertEquals(0xffff_ff80L, d("0f be 07", BITS64).loadedRegister(old, 0x80));              // movsbl
        assertEquals(0x80, d("0f b6 0f", BITS64).loadedRegister(old, 0x80));                      // movzbl
        assertEquals(0x34, d("88 23", BITS64).storedValue(0x3400));                               // mov %ah,(%rbx)
    }
}
