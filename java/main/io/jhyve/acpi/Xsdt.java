package io.jhyve.acpi;

import java.util.List;

/** The Extended System Description Table (ACPI 6.4 §5.2.8): 64-bit addresses of the other tables. */
public final class Xsdt {
    public static final String SIGNATURE = "XSDT";
    public static final int REVISION = 1;

    private Xsdt() { }

    public static byte[] build(List<Long> tableAddresses) {
        TableWriter w = new TableWriter().header(SIGNATURE, REVISION);
        for (long a : tableAddresses) w.u64(a);
        return w.finish();
    }
}
