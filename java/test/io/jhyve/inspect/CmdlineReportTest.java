package io.jhyve.inspect;

import io.jhyve.inspect.CmdlineReport.Finding;
import io.jhyve.inspect.CmdlineReport.Level;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CmdlineReportTest {
    private static final long RAM = 256L << 20;

    private static List<Finding> check(String cmdline) {
        return CmdlineReport.check(cmdline, RAM, true).findings();
    }

    @Test
    void ttyS0IsJhyvesConsole() {
        assertEquals(List.of(new Finding(Level.OK, "console=ttyS0,115200", "the 16550 UART at 0x3f8 (COM1), jhyve's "
                        + "serial port"), new Finding(Level.OK, "(console)", "kernel messages and /dev/console reach "
                        + "jhyve's serial port")), check("console=ttyS0,115200"));
    }

    @Test
    void hvc0WithoutAVirtioConsoleShowsNothing() {
        assertEquals(List.of(new Finding(Level.WARNING, "console=hvc0", "jhyve has no virtio console (hvc) yet: you "
                        + "will see nothing after the early boot on it"), new Finding(Level.WARNING, "(console)",
                        "no console= names a device this machine has: you will see nothing after the early boot")),
                check("console=hvc0"));
    }

    @Test
    void onlyCom1Exists() {
        assertEquals(new Finding(Level.WARNING, "console=ttyS1", "jhyve has only COM1 (ttyS0): you will see nothing "
                + "after the early boot on it"), check("console=ttyS1").get(0));
    }

    @Test
    void theLastConsoleIsDevConsole() {
        assertEquals(new Finding(Level.WARNING, "(console)", "kernel messages reach ttyS0, but init's /dev/console is "
                + "the last console=, tty0, which this machine lacks: put console=ttyS0 last"),
                check("console=ttyS0 console=tty0").get(2));
    }

    @Test
    void noConsoleAtAll() {
        assertEquals(List.of(new Finding(Level.WARNING, "(no console=)", "the kernel writes to tty0, a display jhyve "
                + "does not have: you will see nothing after the early boot; add console=ttyS0")), check("quiet")
                .subList(1, 2));
    }

    @Test
    void theUart8250SpellingOfCom1IsFine() {
        assertEquals(Level.OK, check("console=uart8250,io,0x3f8,115200n8").get(0).level());
        assertEquals(Level.OK, check("earlycon=uart8250,io,0x3f8 console=ttyS0").get(0).level());
        assertEquals(Level.WARNING, check("earlycon console=ttyS0").get(0).level());
    }

    @Test
    void rootNamesADiskTheVmDoesNotHave() {
        assertEquals(new Finding(Level.WARNING, "root=/dev/vda1", "names a disk the VM does not have: jhyve has no "
                        + "disks yet, and without an initrd the boot ends in \"VFS: Unable to mount root fs\""),
                CmdlineReport.check("console=ttyS0 root=/dev/vda1", RAM, false).findings().get(1));
    }

    @Test
    void devicesJhyveLacksAreWarnings() {
        List<Finding> f = check("console=ttyS0 virtio_mmio.device=4K@0xd0000000:5 ip=dhcp mem=1G");
        assertEquals(Level.WARNING, f.get(1).level());
        assertEquals("jhyve has no network device yet", f.get(2).message());
        assertEquals("more than the 256 MiB of RAM jhyve gives the guest (-m)", f.get(3).message());
    }

    @Test
    void unknownParametersAreListedAsUnchecked() {
        CmdlineReport r = CmdlineReport.check("console=ttyS0 foo=bar \"x=a b\" -- single", RAM, true);
        assertEquals(List.of("foo=bar", "x=a b"), r.unchecked());
    }

    @Test
    void rdinitChoosesTheProgramLookedForInTheInitrd() {
        assertEquals("/sbin/init", Inspector.initPath("console=ttyS0 rdinit=/sbin/init"));
        assertEquals("/init", Inspector.initPath("console=ttyS0"));
    }

    private static DriverSupport driver(String symbol, DriverSupport.Status status, DriverSupport.Basis basis) {
        return new DriverSupport(symbol, "", status, basis, "");
    }

    @Test
    void hvc0WithVirtioConsoleOnlyAsAModule() {
        List<DriverSupport> drivers = List.of(driver("CONFIG_VIRTIO_CONSOLE", DriverSupport.Status.MODULE,
                DriverSupport.Basis.EMBEDDED_CONFIG));
        assertEquals(new Finding(Level.WARNING, "console=hvc0", "jhyve has no virtio console (hvc) yet, and this "
                + "kernel has VIRTIO_CONSOLE only as a module (=m): you will see nothing after the early boot on it"),
                CmdlineReport.check("console=hvc0", RAM, true, drivers).findings().get(0));
    }

    @Test
    void hvc0WhereStringsShowNoVirtioConsole() {
        List<DriverSupport> drivers = List.of(driver("CONFIG_VIRTIO_CONSOLE", DriverSupport.Status.NOT_FOUND,
                DriverSupport.Basis.STRINGS));
        assertEquals("jhyve has no virtio console (hvc) yet, and this kernel shows no built-in VIRTIO_CONSOLE (guessed "
                + "from strings, may be a module): you will see nothing after the early boot on it",
                CmdlineReport.check("console=hvc0", RAM, true, drivers).findings().get(0).message());
    }

    @Test
    void ttyS0OnAKernelWithoutTheSerialConsole() {
        List<DriverSupport> drivers = List.of(driver("CONFIG_SERIAL_8250_CONSOLE", DriverSupport.Status.NOT_SET,
                DriverSupport.Basis.EMBEDDED_CONFIG));
        assertEquals(new Finding(Level.WARNING, "console=ttyS0", "jhyve's COM1, but this kernel is built without "
                + "SERIAL_8250_CONSOLE: you will see nothing after the early boot on it"),
                CmdlineReport.check("console=ttyS0", RAM, true, drivers).findings().get(0));
    }

    @Test
    void unknownJhyveRelevantOptions() {
        CmdlineReport r = CmdlineReport.check("consol=ttyS0 jhyve.tset=reboot jhyve.test=halt jhyve.test=poweroff "
                + "virtio_mmio.devices=4K@0xd0000000:5 initrd=/boot/x rootwait", RAM, true);
        assertEquals(List.of(
                new Finding(Level.WARNING, "consol=ttyS0", "unknown option: did you mean console=? The kernel hands "
                        + "unknown options to init, so nothing else will complain"),
                new Finding(Level.WARNING, "jhyve.tset=reboot", "unknown jhyve option: the only one is "
                        + "jhyve.test=reboot|poweroff, read by fetch-guest's /init"),
                new Finding(Level.WARNING, "jhyve.test=halt", "unknown jhyve.test value: fetch-guest's /init knows "
                        + "reboot and poweroff, and starts a shell otherwise"),
                new Finding(Level.NOTE, "jhyve.test=poweroff", "fetch-guest's /init runs poweroff -f after JHYVE-GUEST-READY"),
                new Finding(Level.WARNING, "virtio_mmio.devices=4K@0xd0000000:5", "unknown virtio_mmio parameter: the "
                        + "module takes only virtio_mmio.device=")), r.findings().subList(0, 5));
        assertEquals(List.of("initrd=/boot/x", "rootwait"), r.unchecked());
    }
}
