package io.jhyve.hv.hvf;

import io.jhyve.hv.HypervisorException;

/**
 * {@code hv_return_t} values (Apple's "hv_return_t" documentation; the SDK's hv_error.h) and the
 * exceptions jhyve raises for them.
 */
public final class HvReturn {
    private HvReturn() { }

    public static final int HV_SUCCESS = 0;
    public static final int HV_ERROR = 0xfae94001;
    public static final int HV_BUSY = 0xfae94002;
    public static final int HV_BAD_ARGUMENT = 0xfae94003;
    public static final int HV_ILLEGAL_GUEST_STATE = 0xfae94004;
    public static final int HV_NO_RESOURCES = 0xfae94005;
    public static final int HV_NO_DEVICE = 0xfae94006;
    public static final int HV_DENIED = 0xfae94007;
    public static final int HV_UNSUPPORTED = 0xfae9400f;

    /** "HV_BAD_ARGUMENT (0xfae94003)", or the bare hex of a code the SDK does not name. */
    public static String name(int code) {
        String n = switch (code) {
            case HV_SUCCESS -> "HV_SUCCESS";
            case HV_ERROR -> "HV_ERROR";
            case HV_BUSY -> "HV_BUSY";
            case HV_BAD_ARGUMENT -> "HV_BAD_ARGUMENT";
            case HV_ILLEGAL_GUEST_STATE -> "HV_ILLEGAL_GUEST_STATE";
            case HV_NO_RESOURCES -> "HV_NO_RESOURCES";
            case HV_NO_DEVICE -> "HV_NO_DEVICE";
            case HV_DENIED -> "HV_DENIED";
            case HV_UNSUPPORTED -> "HV_UNSUPPORTED";
            default -> null;
        };
        String hex = String.format("0x%08x", code);
        return n == null ? hex : n + " (" + hex + ")";
    }

    /** Throws a {@link HypervisorException} naming {@code call} unless {@code code} is HV_SUCCESS. */
    public static void check(String call, int code, String context) {
        if (code != HV_SUCCESS) throw new HypervisorException(call, name(code), context);
    }
}
