package io.jhyve.vmm;

import io.jhyve.devices.MachineControl;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place a run's end is decided: devices, vCPU loops, signal handlers and the console all
 * report here; the first report wins, later ones are ignored, and every vCPU is kicked out of the
 * guest so its loop sees the end.
 */
public final class MachineEnd implements MachineControl {
    private final AtomicReference<EndReason> reason = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Runnable kickAll = () -> { };

    void onEnd(Runnable kickAll) {
        this.kickAll = kickAll;
    }

    /** Records {@code r} if nothing ended the run yet; returns whether it was the first. */
    public boolean end(EndReason r) {
        if (reason.compareAndSet(null, r)) {
            ended.countDown();
            kickAll.run();
            return true;
        }
        return false;
    }

    public boolean hasEnded() { return reason.get() != null; }

    public EndReason reason() { return reason.get(); }

    /** Attaches a register dump to the recorded reason, if {@code r} is still the recorded one. */
    void attachDump(EndReason r, String dump) {
        reason.compareAndSet(r, r.withRegisterDump(dump));
    }

    public EndReason await() throws InterruptedException {
        ended.await();
        return reason.get();
    }

    @Override
    public void requestReset(String why) {
        end(EndReason.of(EndReason.Kind.GUEST_RESET, "guest rebooted: " + why));
    }

    @Override
    public void requestPowerOff(String why, int exitStatus) {
        end(EndReason.of(EndReason.Kind.POWER_OFF, "guest powered off: " + why, exitStatus));
    }
}
