package io.jhyve.hv.kvm;

import com.sun.jna.LastErrorException;
import io.jhyve.hv.HypervisorException;
import io.jhyve.sys.Errno;

/** Turns a failed KVM call into a {@link HypervisorException} that says what to do. */
final class KvmErrors {
    private KvmErrors() { }

    static HypervisorException failed(String call, LastErrorException e, String hint) {
        return new HypervisorException(call, Errno.describe(e.getErrorCode()), hint);
    }

    /** Why /dev/kvm could not be opened, in the user's terms. */
    static HypervisorException openFailed(String path, LastErrorException e) {
        int errno = e.getErrorCode();
        String hint = switch (errno) {
            case Errno.ENOENT -> path + " does not exist: this host offers no KVM (load kvm_intel or kvm_amd, "
                    + "or enable nested virtualisation for this VM)";
            case Errno.EACCES, Errno.EPERM -> "no permission to open " + path
                    + ": add your user to the 'kvm' group (sudo usermod -aG kvm $USER) and log in again";
            case Errno.ENODEV, Errno.ENXIO -> path + " exists but no KVM driver is bound to it: the kvm module is "
                    + "loaded without hardware virtualisation (check 'dmesg | grep -i kvm'; in a VM, enable "
                    + "nested virtualisation)";
            default -> "";
        };
        return new HypervisorException("open(" + path + ")", Errno.describe(errno), hint);
    }
}
