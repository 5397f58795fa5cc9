package io.jhyve.inspect;

import java.util.List;

/**
 * Whether one launcher would boot the kernel, with every rule it applies and how well each rule is
 * known.
 *
 * @param launcher  e.g. "xhyve (kexec)"
 * @param verdict   the answer
 * @param deciding  the first rule that fails, or "every rule holds"
 * @param reference where the rules come from
 * @param checks    each rule in the order the launcher applies them
 */
public record LauncherVerdict(String launcher, Verdict verdict, String deciding, String reference,
                              List<Check> checks) {
    public LauncherVerdict {
        checks = List.copyOf(checks);
    }

    /** The answer, certain when every rule is known from code, hedged when any is inferred. */
    public enum Verdict {
        BOOTS("boots"), REFUSED("refused"), PROBABLY_BOOTS("probably boots"), PROBABLY_REFUSED("probably refused"),
        /** The launcher's rules hold, but the kernel stops itself early (a {@link Basis#GUEST} rule fails). */
        FAILS_IN_GUEST("loads it, then the kernel fails");

        private final String text;

        Verdict(String text) { this.text = text; }

        public String text() { return text; }
    }

    /** How a rule is known. */
    public enum Basis {
        JHYVE("enforced by jhyve's own loader"), SOURCE("read in the launcher's source"),
        INFERRED("inferred, not documented"),
        /** Not the launcher's rule: the kernel's own, applied as it starts. */
        GUEST("checked by the kernel itself as it starts");

        private final String label;

        Basis(String label) { this.label = label; }

        public String label() { return label; }
    }

    /** One rule, whether the kernel meets it, and what was seen. */
    public record Check(String rule, boolean holds, String detail, Basis basis) { }

    /** {@code checks} followed by the payload's own rule, when the kernel has one that can be judged. */
    static List<Check> withPayload(List<Check> checks, KernelFacts k) {
        Payload p = k.report.payload();
        Check c = p == null ? null : p.check();
        if (c == null) return checks;
        List<Check> all = new java.util.ArrayList<>(checks);
        all.add(c);
        return all;
    }

    public boolean boots() {
        return verdict == Verdict.BOOTS || verdict == Verdict.PROBABLY_BOOTS;
    }

    /**
     * The verdict for {@code checks}: refused at the first failing rule, hedged if any rule is
     * inferred; a failing {@link Basis#GUEST} rule means the launcher loads the kernel but it fails.
     */
    static LauncherVerdict of(String launcher, String reference, List<Check> checks) {
        boolean inferred = checks.stream().anyMatch(c -> c.basis() == Basis.INFERRED);
        Check failed = checks.stream().filter(c -> !c.holds()).findFirst().orElse(null);
        Verdict v = failed == null ? (inferred ? Verdict.PROBABLY_BOOTS : Verdict.BOOTS)
                : failed.basis() == Basis.GUEST ? Verdict.FAILS_IN_GUEST
                : (inferred ? Verdict.PROBABLY_REFUSED : Verdict.REFUSED);
        String deciding = failed == null ? "every rule holds" : failed.rule() + ": " + failed.detail();
        return new LauncherVerdict(launcher, v, deciding, reference, checks);
    }
}
