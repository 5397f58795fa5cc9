package io.jhyve.hv.hvf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The declarations-only headers (native-hvf/decls), the shim's ABI header and the Java constants
 * state the same numbers, so a typo in one of them cannot pass the Linux build unnoticed.
 */
class DeclsHeadersTest {
    private static final Path DECLS = Path.of("native-hvf/decls/Hypervisor");

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    /** NAME -> value of "#define NAME ((type)0x...)" and "NAME = n," lines. */
    private static Map<String, Long> constants(String text) {
        Map<String, Long> m = new HashMap<>();
        Matcher d = Pattern.compile("#define\\s+(\\w+)\\s+\\(\\(\\w+\\)(0x[0-9a-fA-F]+|\\d+)\\)").matcher(text);
        while (d.find()) m.put(d.group(1), Long.decode(d.group(2)));
        Matcher e = Pattern.compile("(HV_VMX_CAP_\\w+)\\s*=\\s*(\\d+)").matcher(text);
        while (e.find()) m.put(e.group(1), Long.decode(e.group(2)));
        return m;
    }

    @Test
    void returnCodesMatch() throws IOException {
        Map<String, Long> c = constants(read(DECLS.resolve("hv_error.h")));
        for (String name : new String[] {"HV_SUCCESS", "HV_ERROR", "HV_BUSY", "HV_BAD_ARGUMENT", "HV_ILLEGAL_GUEST_STATE",
            "HV_NO_RESOURCES", "HV_NO_DEVICE", "HV_DENIED", "HV_UNSUPPORTED"}) {
            int java = field(HvReturn.class, name);
            assertEquals(c.get(name).intValue(), java, name);
            assertEquals(name, HvReturn.name(java).split(" ")[0]);
        }
    }

    @Test
    void capabilityIdsMatch() throws IOException {
        Map<String, Long> c = constants(read(DECLS.resolve("hv_vmx.h")));
        for (String name : new String[] {"HV_VMX_CAP_PINBASED", "HV_VMX_CAP_PROCBASED", "HV_VMX_CAP_PROCBASED2",
            "HV_VMX_CAP_ENTRY", "HV_VMX_CAP_EXIT", "HV_VMX_CAP_CR0_FIXED0", "HV_VMX_CAP_CR0_FIXED1",
            "HV_VMX_CAP_CR4_FIXED0", "HV_VMX_CAP_CR4_FIXED1"}) {
            assertEquals(c.get(name).intValue(), field(VmxCapabilities.class, name), name);
        }
    }

    @Test
    void registerEnumOrderMatches() throws IOException {
        String text = read(DECLS.resolve("hv_arch_x86.h"));
        String body = text.substring(text.indexOf('{') + 1, text.indexOf('}'));
        String[] names = body.replaceAll("\\s+", "").split(",");
        for (int i = 0; i < names.length; i++) {
            try {
                assertEquals(i, HvX86Reg.class.getField(names[i]).getInt(null), names[i]);
            } catch (NoSuchFieldException e) {
                // Java names only the registers jhyve uses
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(HvX86Reg.HV_X86_REGISTERS_MAX, names.length - 1);
    }

    @Test
    void shimAbiMatches() throws IOException {
        String h = read(Path.of("native-hvf/hvshim.h"));
        Matcher m = Pattern.compile("#define HVS_ABI_VERSION (\\d+)").matcher(h);
        m.find();
        assertEquals(HvfNative.ABI_VERSION, Integer.parseInt(m.group(1)));
        assertEquals(true, h.contains("#define HVS_MSR  0x40000000u") && h.contains("#define HVS_VMCS 0x80000000u"));
    }

    private static int field(Class<?> c, String name) {
        try {
            return c.getField(name).getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
