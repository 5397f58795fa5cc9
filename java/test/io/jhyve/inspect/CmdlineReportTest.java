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
}
