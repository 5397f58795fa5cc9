package io.jhyve.hv.hvf;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/** Names shim ids for error messages: "VMCS GUEST_CS_ACCESS_RIGHTS (0x4816)", "register HV_X86_RAX", "MSR 0xc0000080". */
final class ShimIds {
    private static final Map<Integer, String> VMCS = names(VmcsField.class);
    private static final Map<Integer, String> REGS = names(HvX86Reg.class);

    private ShimIds() { }

    private static Map<Integer, String> names(Class<?> c) {
        Map<Integer, String> m = new HashMap<>();
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    m.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return m;
    }

    static String describe(int id) {
        int n = id & 0x3fff_ffff;
        return switch (id & 0xc000_0000) {
            case HvfNative.HVS_VMCS -> String.format("VMCS %s (0x%04x)", VMCS.getOrDefault(n, "field"), n);
            case HvfNative.HVS_MSR -> String.format("MSR 0x%x", n);
            default -> "register " + REGS.getOrDefault(n, Integer.toString(n));
        };
    }
}
