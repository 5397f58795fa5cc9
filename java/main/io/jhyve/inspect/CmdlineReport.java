package io.jhyve.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel command line checked against the machine jhyve builds today: one 16550 UART (COM1,
 * ttyS0, I/O port 0x3f8), no display, no disks, no network, no virtio devices and no ACPI tables
 * (Documentation/admin-guide/kernel-parameters.txt for what each parameter does).
 *
 * @param findings one line per parameter that matters on jhyve, then the overall console verdict
 * @param unchecked parameters jhyve has no opinion on (passed to the kernel or to init as they are)
 */
public record CmdlineReport(String cmdline, List<Finding> findings, List<String> unchecked) {
    public CmdlineReport {
        findings = List.copyOf(findings);
        unchecked = List.copyOf(unchecked);
    }

    /** How much a finding matters. */
    public enum Level { OK, NOTE, WARNING }

    public record Finding(Level level, String parameter, String message) { }

    static final String SEE_NOTHING = "you will see nothing after the early boot";
    private static final Pattern TTYS = Pattern.compile("ttyS(\\d+)");
    private static final Pattern COM1_UART = Pattern.compile("uart(8250)?,(io|pio),0x0*3f8(,.*)?",
            Pattern.CASE_INSENSITIVE);
    /** Keys jhyve checks, for spotting a misspelt one. */
    private static final List<String> CHECKED = List.of("console", "earlycon", "earlyprintk", "root", "rdinit",
            "init", "virtio_mmio.device");

    private static final Map<String, String> KNOWN = Map.of(
            "reboot", "how the guest reboots; reboot=k uses the keyboard controller, which jhyve turns into a reset",
            "panic", "reboot that many seconds after a panic, so jhyve ends instead of waiting",
            "acpi", "jhyve provides no ACPI tables; acpi=off only skips the search",
            "pci", "jhyve has no PCI bus; pci=off skips probing it",
            "quiet", "fewer boot messages",
            "loglevel", "which kernel messages reach the console",
            "nokaslr", "the kernel runs where it was loaded",
            "noapic", "no I/O APIC: interrupts through the 8259 PIC",
            "nolapic", "no local APIC",
            "init", "the program run after root= is mounted (an initramfs runs rdinit=, default /init)");

    /** Checks {@code cmdline} without knowing the kernel's drivers. */
    static CmdlineReport check(String cmdline, long ramBytes, boolean hasInitrd) {
        return check(cmdline, ramBytes, hasInitrd, List.of());
    }

    /**
     * Checks {@code cmdline} for a machine with {@code ramBytes} of RAM; {@code hasInitrd} when -i
     * was given; {@code drivers} what is known of the kernel's console drivers (may be empty).
     */
    static CmdlineReport check(String cmdline, long ramBytes, boolean hasInitrd, List<DriverSupport> drivers) {
        List<Finding> f = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        List<String> consoles = new ArrayList<>();
        for (String p : params(cmdline)) {
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq), value = eq < 0 ? "" : p.substring(eq + 1);
            switch (key) {
                case "console": consoles.add(value); f.add(console(p, value, drivers)); break;
                case "earlycon": case "earlyprintk": f.add(earlyConsole(p, key, value)); break;
                case "root": f.add(root(p, value, hasInitrd)); break;
                case "nfsroot": case "ip":
                    f.add(new Finding(Level.WARNING, p, "jhyve has no network device yet")); break;
                case "virtio_mmio.device":
                    f.add(new Finding(Level.WARNING, p, "jhyve attaches no virtio-mmio device yet: "
                            + "the kernel will find nothing there")); break;
                case "rdinit":
                    f.add(new Finding(Level.NOTE, p, "the initramfs program to run instead of /init")); break;
                case "mem": f.add(mem(p, value, ramBytes)); break;
                default:
                    if (KNOWN.containsKey(key)) f.add(new Finding(Level.NOTE, p, KNOWN.get(key)));
                    else unknown(p, key, value).ifPresentOrElse(f::add, () -> unchecked.add(p));
            }
        }
        f.add(consoleVerdict(consoles));
        return new CmdlineReport(cmdline, f, unchecked);
    }

    /** Whitespace-separated parameters, double quotes grouping, up to "--" (the rest is for init). */
    static List<String> params(String cmdline) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : (cmdline + " ").toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(ch) && !quoted) {
                if (cur.length() > 0) {
                    if (cur.toString().equals("--")) return out;
                    out.add(cur.toString());
                }
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        return out;
    }

    /** The device name of a console= value: "ttyS0" of "ttyS0,115200n8". */
    static boolean consoleUsable(String value) {
        String dev = value.split(",", 2)[0];
        Matcher m = TTYS.matcher(dev);
        return (m.matches() && m.group(1).equals("0")) || COM1_UART.matcher(value).matches();
    }

    private static Finding console(String p, String value, List<DriverSupport> drivers) {
        if (consoleUsable(value)) {
            String missing = kernelLacks(drivers, "CONFIG_SERIAL_8250_CONSOLE");
            return missing == null ? new Finding(Level.OK, p, "the 16550 UART at 0x3f8 (COM1), jhyve's serial port")
                    : new Finding(Level.WARNING, p, "jhyve's COM1, but " + missing + ": " + SEE_NOTHING + " on it");
        }
        String dev = value.split(",", 2)[0];
        String why;
        if (TTYS.matcher(dev).matches()) why = "jhyve has only COM1 (ttyS0)";
        else if (dev.startsWith("hvc")) {
            String missing = kernelLacks(drivers, "CONFIG_VIRTIO_CONSOLE");
            why = "jhyve has no virtio console (hvc) yet" + (missing == null ? "" : ", and " + missing);
        }
        else if (dev.matches("tty\\d*")) why = "a virtual terminal on a display, and jhyve has no display";
        else if (dev.startsWith("uart")) why = "not the UART at I/O port 0x3f8";
        else why = "no such device on jhyve";
        return new Finding(Level.WARNING, p, why + ": " + SEE_NOTHING + " on it");
    }

    private static Finding consoleVerdict(List<String> consoles) {
        if (consoles.isEmpty()) {
            return new Finding(Level.WARNING, "(no console=)", "the kernel writes to tty0, a display jhyve does not "
                    + "have: " + SEE_NOTHING + "; add console=ttyS0");
        }
        if (consoles.stream().noneMatch(CmdlineReport::consoleUsable)) {
            return new Finding(Level.WARNING, "(console)", "no console= names a device this machine has: "
                    + SEE_NOTHING);
        }
        String last = consoles.get(consoles.size() - 1);
        if (!consoleUsable(last)) {
            return new Finding(Level.WARNING, "(console)", "kernel messages reach ttyS0, but init's /dev/console is "
                    + "the last console=, " + last + ", which this machine lacks: put console=ttyS0 last");
        }
        return new Finding(Level.OK, "(console)", "kernel messages and /dev/console reach jhyve's serial port");
    }

    private static Finding earlyConsole(String p, String key, String value) {
        if (value.isEmpty() && key.equals("earlycon")) {
            return new Finding(Level.WARNING, p, "bare earlycon reads the ACPI SPCR table, which jhyve does not "
                    + "provide: use earlycon=uart8250,io,0x3f8");
        }
        boolean com1 = COM1_UART.matcher(value).matches() || value.matches("(serial,)?ttyS0(,.*)?")
                || value.equals("serial") || value.matches("serial,0x3f8(,.*)?");
        return com1 ? new Finding(Level.OK, p, "early messages on COM1")
                : new Finding(Level.WARNING, p, "early messages go to a device jhyve does not have");
    }

    private static Finding root(String p, String value, boolean hasInitrd) {
        if (value.startsWith("/dev/ram") && hasInitrd) return new Finding(Level.NOTE, p, "the initrd as a RAM disk");
        return new Finding(Level.WARNING, p, "names a disk the VM does not have: jhyve has no disks yet"
                + (hasInitrd ? " (fine if the initramfs never mounts it)" : ", and without an initrd the boot "
                + "ends in \"VFS: Unable to mount root fs\""));
    }

    private static Finding mem(String p, String value, long ramBytes) {
        Matcher m = Pattern.compile("(\\d+)([KkMmGg]?)").matcher(value);
        if (!m.matches()) return new Finding(Level.WARNING, p, "not a size");
        long shift = switch (m.group(2).toUpperCase()) { case "K" -> 10; case "M" -> 20; case "G" -> 30; default -> 0; };
        long bytes = Long.parseLong(m.group(1)) << shift;
        return bytes > ramBytes ? new Finding(Level.WARNING, p, "more than the " + Units.human(ramBytes) + " of RAM "
                + "jhyve gives the guest (-m)") : new Finding(Level.NOTE, p, "the kernel uses only " + Units.human(bytes));
    }

    /**
     * "this kernel has virtio_console only as a module (=m)" when the kernel cannot drive a console
     * from the start, or null when it can or nothing is known. A console driver that is a module
     * loads after the console is chosen (if the initramfs holds it at all), so it is as good as
     * absent for boot messages.
     */
    private static String kernelLacks(List<DriverSupport> drivers, String symbol) {
        DriverSupport d = drivers.stream().filter(x -> x.symbol().equals(symbol)).findFirst().orElse(null);
        if (d == null) return null;
        String name = symbol.substring("CONFIG_".length());
        switch (d.status()) {
            case MODULE: return "this kernel has " + name + " only as a module (=m)";
            case NOT_SET: case ABSENT: return "this kernel is built without " + name;
            case NOT_FOUND: return "this kernel shows no built-in " + name + " (" + d.basis().label() + ")";
            default: return null;
        }
    }

    /**
     * A finding for a parameter no check above knows, when it looks meant for jhyve's machine:
     * a jhyve.* option other than the one scripts/fetch-guest's init reads (jhyve.test=reboot or
     * poweroff), a virtio_mmio.* parameter other than device, or a near miss of a checked key
     * (the kernel passes unknown parameters to init, so a typo fails silently).
     */
    static Optional<Finding> unknown(String p, String key, String value) {
        if (key.equals("jhyve.test")) {
            return Optional.of(value.equals("reboot") || value.equals("poweroff")
                    ? new Finding(Level.NOTE, p, "fetch-guest's /init runs " + value + " -f after JHYVE-GUEST-READY")
                    : new Finding(Level.WARNING, p, "unknown jhyve.test value: fetch-guest's /init knows reboot and "
                    + "poweroff, and starts a shell otherwise"));
        }
        if (key.startsWith("jhyve.")) {
            return Optional.of(new Finding(Level.WARNING, p, "unknown jhyve option: the only one is "
                    + "jhyve.test=reboot|poweroff, read by fetch-guest's /init"));
        }
        if (key.startsWith("virtio_mmio.")) {
            return Optional.of(new Finding(Level.WARNING, p, "unknown virtio_mmio parameter: the module "
                    + "takes only virtio_mmio.device="));
        }
        for (String known : CHECKED) {
            // One edit for short keys, two for long ones: initrd= and rootwait= are real, not typos of init= and root=.
            if (key.length() >= 3 && editDistance(key, known) <= (key.length() <= 6 ? 1 : 2)) {
                return Optional.of(new Finding(Level.WARNING, p, "unknown option: did you mean " + known
                        + "=? The kernel hands unknown options to init, so nothing else will complain"));
            }
        }
        return Optional.empty();
    }

    /** Levenshtein distance, for keys of a few characters. */
    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
