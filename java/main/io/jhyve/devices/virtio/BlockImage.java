package io.jhyve.devices.virtio;

import io.jhyve.sys.HolePunch;
import io.jhyve.JhyveException;
import io.jhyve.config.DiskConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A raw disk image, opened and locked before boot. A read-write image holds an exclusive lock and a
 * read-only one a shared lock (both {@code fcntl} record locks on Linux), so a second jhyve cannot
 * write an image another one uses, nor open read-write one that another has read-only. Every
 * refusal names the file and why.
 */
public final class BlockImage implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean readOnly;
    private final long size;
    /** Null for a read-only image or where the host cannot punch holes into it. */
    private final HolePunch holes;

    private BlockImage(Path path, FileChannel channel, FileLock lock, boolean readOnly, long size, HolePunch holes) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.readOnly = readOnly;
        this.size = size;
        this.holes = holes;
    }

    /** Opens and locks {@code disk}'s image; throws a {@link JhyveException} a user can act on. */
    public static BlockImage open(DiskConfig disk) {
        Path p = disk.path();
        String how = disk.readOnly() ? "read-only" : "read-write";
        if (!Files.exists(p)) throw new JhyveException("disk image " + p + " does not exist");
        if (!Files.isRegularFile(p)) throw new JhyveException("disk image " + p + " is not a regular file");
        FileChannel ch;
        try {
            ch = disk.readOnly() ? FileChannel.open(p, StandardOpenOption.READ)
                    : FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new JhyveException("cannot open disk image " + p + " " + how + ": permission denied", e);
        } catch (NoSuchFileException e) {
            throw new JhyveException("disk image " + p + " does not exist", e);
        } catch (IOException e) {
            throw new JhyveException("cannot open disk image " + p + " " + how + ": " + e.getMessage(), e);
        }
        // Before the lock: closing any descriptor of a file drops the process's fcntl locks on it,
        // and the hole puncher closes its own when the probe fails.
        HolePunch holes = null;
        try {
            holes = disk.readOnly() ? null : HolePunch.open(p, ch.size());
            FileLock lock = tryLock(ch, disk.readOnly());
            if (lock == null) {
                throw new JhyveException("disk image " + p + " is in use: another process has it open"
                        + (disk.readOnly() ? " read-write" : "") + " (jhyve locks read-write images exclusively)");
            }
            return new BlockImage(p, ch, lock, disk.readOnly(), ch.size(), holes);
        } catch (IOException e) {
            if (holes != null) holes.close();
            closeQuietly(ch);
            throw new JhyveException("cannot lock disk image " + p + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (holes != null) holes.close();
            closeQuietly(ch);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel ch, boolean shared) throws IOException {
        try {
            return ch.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            return null; // this jhyve already has the image open, as another disk
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing with a better message
        }
    }

    public Path path() { return path; }

    public boolean readOnly() { return readOnly; }

    /** Bytes in the image when it was opened. */
    public long size() { return size; }

    /**
     * Fills {@code dsts} in order from {@code pos} on (scatter read: readv, one system call for a
     * whole request where the kernel takes it, as against one per guest page); what lies past the end
     * of the file reads as zeros. Moves the channel's position, so the image serves one thread.
     */
    public synchronized void read(long pos, ByteBuffer[] dsts) throws IOException {
        channel.position(pos);
        for (int first = 0; first < dsts.length; ) {
            if (channel.read(dsts, first, dsts.length - first) < 0) {
                for (ByteBuffer d : dsts) while (d.hasRemaining()) d.put((byte) 0);
                return;
            }
            while (first < dsts.length && !dsts[first].hasRemaining()) first++;
        }
    }

    /** Writes {@code srcs} in order from {@code pos} on (gather write: writev), like {@link #read(long, ByteBuffer[])}. */
    public synchronized void write(long pos, ByteBuffer[] srcs) throws IOException {
        if (readOnly) throw new IOException("image is read-only");
        channel.position(pos);
        for (int first = 0; first < srcs.length; ) {
            channel.write(srcs, first, srcs.length - first);
            while (first < srcs.length && !srcs[first].hasRemaining()) first++;
        }
    }

    /** Whether {@link #zero} can deallocate ranges (a read-write image on a filesystem that punches holes). */
    public boolean canDeallocate() { return holes != null; }

    /** {@code len} bytes at {@code pos} read as zeros from now on and free their disk space. */
    public void zero(long pos, long len) throws IOException {
        if (holes == null) throw new IOException("image cannot deallocate ranges");
        holes.punch(pos, len);
    }

    /** Data written so far reaches the disk: fdatasync(2), not the metadata-only part of fsync. */
    public void flush() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) lock.release();
            if (holes != null) holes.close();
            channel.close();
        } catch (IOException e) {
            System.err.println("jhyve: closing disk image " + path + ": " + e.getMessage());
        }
    }
}
