package io.jhyve.inspect;

import io.jhyve.boot.BootProtocolException;
import io.jhyve.boot.BootSummary;
import io.jhyve.boot.KernelImage;
import io.jhyve.boot.LinuxBoot;
import io.jhyve.inspect.LauncherVerdict.Basis;
import io.jhyve.inspect.LauncherVerdict.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * jhyve's own verdict: exactly what {@code jhyve run} would decide, by calling the same code
 * ({@link KernelImage#parse}, then {@link LinuxBoot#plan}) rather than restating its rules.
 */
final class JhyveRules {
    static final String LAUNCHER = "jhyve";

    private JhyveRules() { }

    /** Judges {@code k} on {@code ramBytes} of RAM with an initrd of {@code initrdSize} bytes (0: none). */
    static LauncherVerdict judge(KernelFacts k, long ramBytes, long initrdSize, String initrdName, String cmdline) {
        List<Check> checks = new ArrayList<>();
        KernelImage image;
        try {
            image = KernelImage.parse(k.name, k.image);
            checks.add(new Check("kernel format (KernelImage.parse)", true, image.kind() + ", " + image.protocol(),
                    Basis.JHYVE));
        } catch (BootProtocolException e) {
            checks.add(new Check("kernel format (KernelImage.parse): " + e.rule(), false, e.getMessage(), Basis.JHYVE));
            return LauncherVerdict.of(LAUNCHER, "io.jhyve.boot", checks);
        }
        try {
            BootSummary plan = LinuxBoot.plan(ramBytes, image, initrdSize, initrdName, cmdline);
            String initrd = plan.initrd().map(i -> String.format(", initrd at %s", Units.hex(i.address()))).orElse("");
            checks.add(new Check("placement (LinuxBoot.plan)", true, String.format("kernel at %s, entry %s%s in %s",
                    Units.hex(plan.kernel().loadAddress()), Units.hex(plan.entry()), initrd, Units.human(ramBytes)),
                    Basis.JHYVE));
        } catch (BootProtocolException e) {
            checks.add(new Check("placement (LinuxBoot.plan): " + e.rule(), false, e.getMessage(), Basis.JHYVE));
        }
        return LauncherVerdict.of(LAUNCHER, "io.jhyve.boot", LauncherVerdict.withPayload(checks, k));
    }
}
