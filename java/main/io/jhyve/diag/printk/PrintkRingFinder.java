package io.jhyve.diag.printk;

import static io.jhyve.diag.printk.PrintkLayout.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds Linux's printk ring buffer in guest RAM by its structure alone (no symbols, no page tables):
 * <ol>
 *   <li>one pass over RAM collects runs of three descriptors with consecutive ids at a 24-byte
 *       stride, and runs of three printk_info entries with consecutive seqs at an 88-byte stride;</li>
 *   <li>a descriptor run fixes the descriptor array: the largest 2^n-entry window around it where
 *       every used entry's id modulo 2^n equals its index;</li>
 *   <li>the info array is the candidate whose seqs agree with the descriptors' indexes;</li>
 *   <li>a second pass finds the data ring: the address where the newest descriptors' block ids sit
 *       at their begin lpos modulo 2^size_bits.</li>
 * </ol>
 * The guest is untrusted: every read is bounds-checked, every loop is bounded by RAM size or a work
 * budget, and a layout that does not check out gives "not found", never an exception.
 */
public final class PrintkRingFinder {
    private static final int MAX_CANDIDATES = 256;
    private static final int SAMPLE = 16;
    /** How far from the descriptors the text ring is looked for first. */
    private static final long NEAR = 64L << 20;
    private static final int LOOKAHEAD_WORDS = 2 * PRINTK_INFO_SIZE / 8 + 1;

    private final RamWords ram;
    /** Word reads left for verification: a hostile image cannot make the finder slow. */
    private long budget = 1L << 26;

    private record Candidate(long address, long key) { }

    /** A used descriptor: its index, id, state and text block lpos. */
    record Desc(int index, long id, int state, long begin, long next) { }

    PrintkRingFinder(RamWords ram) {
        this.ram = ram;
    }

    /** The ring in {@code memory}, if one checks out. */
    public static Optional<PrintkRing> find(io.jhyve.memory.GuestMemory memory) {
        try {
            return new PrintkRingFinder(new RamWords(memory)).find();
        } catch (RuntimeException e) {
            return Optional.empty(); // defensive: the reads above are checked, but the guest is hostile
        }
    }

    Optional<PrintkRing> find() {
        List<Candidate> descRuns = new ArrayList<>();
        List<Candidate> infoRuns = new ArrayList<>();
        ram.scan(LOOKAHEAD_WORDS, (gpa, w, visit, length) -> {
            int end = Math.min(visit, length - 2 * INFO_WORDS);
            for (int i = 0; i < end; i++) {
                long v = w[i];
                // Cheap filters first (most words are zero or small): a state in the top bits for a
                // descriptor, the next info's seq one higher for an info.
                if (v >>> DESC_FLAGS_SHIFT != 0 && id(w[i + DESC_WORDS]) == id(v) + 1
                        && descRuns.size() < MAX_CANDIDATES && isDescRunStart(w, i, length)) {
                    descRuns.add(new Candidate(gpa + 8L * i, id(v)));
                }
                if (w[i + INFO_WORDS] == v + 1 && v >>> 48 == 0
                        && infoRuns.size() < MAX_CANDIDATES && isInfoRunStart(w, i, length)) {
                    infoRuns.add(new Candidate(gpa + 8L * i, v));
                }
            }
        });
        PrintkRing best = null;
        int bestUsed = 0;
        List<Long> triedBases = new ArrayList<>();
        for (Candidate c : descRuns) {
            int bits = descArrayBits(c);
            if (bits < 0) continue;
            long base = c.address - (long) PRB_DESC_SIZE * (c.key & ((1L << bits) - 1));
            if (triedBases.contains(base)) continue;
            triedBases.add(base);
            List<Desc> used = usedDescs(base, bits);
            if (used.size() <= bestUsed) continue;
            Optional<PrintkRing> ring = complete(base, bits, used, infoRuns);
            if (ring.isPresent()) {
                best = ring.get();
                bestUsed = used.size();
            }
        }
        return Optional.ofNullable(best);
    }

    private static final int DESC_WORDS = PRB_DESC_SIZE / 8, INFO_WORDS = PRINTK_INFO_SIZE / 8;

    private static boolean isDescRunStart(long[] w, int i, int length) {
        long w0 = w[i];
        if (state(w0) == DESC_RESERVED || i + 2 * DESC_WORDS >= length) return false;
        long id = id(w0);
        long w1 = w[i + DESC_WORDS], w2 = w[i + 2 * DESC_WORDS];
        if (state(w1) == DESC_RESERVED || id(w1) != id + 1 || state(w2) == DESC_RESERVED || id(w2) != id + 2) {
            return false;
        }
        if (i >= DESC_WORDS) {
            long prev = w[i - DESC_WORDS];
            return state(prev) == DESC_RESERVED || id(prev) != id - 1;
        }
        return true;
    }

    private static boolean isInfoRunStart(long[] w, int i, int length) {
        long s0 = w[i];
        if (s0 < 0 || s0 >= 1L << 48 || i + 2 * INFO_WORDS >= length) return false;
        if (w[i + INFO_WORDS] != s0 + 1 || w[i + 2 * INFO_WORDS] != s0 + 2) return false;
        if ((w[i + INFO_TEXT_LEN / 8] & 0xffff) > MAX_TEXT_LEN) return false;
        return i < INFO_WORDS || w[i - INFO_WORDS] != s0 - 1;
    }

    /**
     * log2 of the descriptor array around run {@code c}: windows of 2^n entries placed so that the
     * run's id sits at index id mod 2^n nest as n grows, so the largest consistent one is the array.
     */
    private int descArrayBits(Candidate c) {
        int found = -1;
        for (int n = MIN_COUNT_BITS; n <= MAX_COUNT_BITS; n++) {
            long base = c.address - (long) PRB_DESC_SIZE * (c.key & ((1L << n) - 1));
            if (!consistentDescWindow(base, n)) break;
            found = n;
        }
        return found;
    }

    private boolean consistentDescWindow(long base, int bits) {
        long count = 1L << bits;
        if (!ram.isRam(base, count * PRB_DESC_SIZE)) return false;
        for (long i = 0; i < count; i++) {
            if (--budget < 0) return false;
            long a = base + i * PRB_DESC_SIZE;
            long sv = ram.word(a);
            if (sv == 0) {
                if (ram.word(a + 8) != 0 || ram.word(a + 16) != 0) return false;
            } else if ((id(sv) & (count - 1)) != i) {
                return false;
            }
        }
        return true;
    }

    /** Descriptors that hold text: committed or finalized, with a data block. */
    List<Desc> usedDescs(long base, int bits) {
        List<Desc> out = new ArrayList<>();
        budget -= 1L << bits;
        if (budget < 0) return out;
        for (int i = 0; i < 1 << bits; i++) {
            long a = base + (long) i * PRB_DESC_SIZE;
            long sv = ram.word(a);
            int st = state(sv);
            if (sv == 0 || (st != DESC_COMMITTED && st != DESC_FINALIZED)) continue;
            long begin = ram.word(a + 8), next = ram.word(a + 16);
            if (dataless(begin) || dataless(next)) continue;
            out.add(new Desc(i, id(sv), st, begin, next));
        }
        return out;
    }

    private Optional<PrintkRing> complete(long descs, int bits, List<Desc> used, List<Candidate> infoRuns) {
        if (used.size() < 3) return Optional.empty();
        List<Desc> sample = new ArrayList<>(used);
        sample.sort(Comparator.comparingLong(Desc::id).reversed());
        sample = sample.subList(0, Math.min(SAMPLE, sample.size()));
        long infos = findInfos(bits, sample, infoRuns);
        if (infos < 0) return Optional.empty();
        // The text ring is usually near the descriptors (both static in the kernel image, or both
        // from memblock): look there first, then in all of RAM.
        Optional<long[]> data = findData(bits, sample, descs - NEAR, descs + NEAR);
        if (data.isEmpty()) data = findData(bits, sample, 0, Long.MAX_VALUE);
        return data.map(d -> new PrintkRing(descs, bits, infos, d[0], (int) d[1]));
    }

    private long findInfos(int bits, List<Desc> sample, List<Candidate> infoRuns) {
        long mask = (1L << bits) - 1;
        for (Candidate c : infoRuns) {
            long base = c.address - (long) PRINTK_INFO_SIZE * (c.key & mask);
            if (!ram.isRam(base, (long) PRINTK_INFO_SIZE << bits)) continue;
            int agree = 0;
            for (Desc d : sample) {
                long seq = ram.word(base + (long) PRINTK_INFO_SIZE * d.index());
                if ((seq & mask) == d.index()) agree++;
            }
            if (agree * 4 >= sample.size() * 3) return base;
        }
        return -1;
    }

    /** {data ring address, size_bits}: where the sampled block ids sit at begin mod 2^size_bits. */
    private Optional<long[]> findData(int countBits, List<Desc> sample, long from, long to) {
        long[] keys = new long[Math.min(4, sample.size())];
        for (int k = 0; k < keys.length; k++) keys[k] = sample.get(k).id();
        List<Candidate> hits = new ArrayList<>();
        ram.scan(Math.max(0, from), to, 0, (gpa, w, visit, length) -> {
            for (int i = 0; i < visit; i++) {
                for (long key : keys) {
                    if (w[i] == key && hits.size() < MAX_CANDIDATES) hits.add(new Candidate(gpa + 8L * i, key));
                }
            }
        });
        for (int sizeBits : sizeBitsToTry(countBits)) {
            long mask = (1L << sizeBits) - 1;
            for (Candidate h : hits) {
                Desc d = sample.stream().filter(s -> s.id() == h.key).findFirst().orElseThrow();
                long base = h.address - (d.begin() & mask);
                if (ram.isRam(base, 1L << sizeBits) && blocksAgree(base, mask, sample)) {
                    return Optional.of(new long[] {base, sizeBits});
                }
            }
        }
        return Optional.empty();
    }

    /** PRB_AVGBITS first (what every kernel since 5.10 uses), then the neighbours. */
    private static List<Integer> sizeBitsToTry(int countBits) {
        List<Integer> out = new ArrayList<>();
        out.add(countBits + PRB_AVGBITS);
        for (int m = countBits + 1; m <= Math.min(MAX_SIZE_BITS, countBits + 12); m++) {
            if (m != countBits + PRB_AVGBITS) out.add(m);
        }
        out.removeIf(m -> m > MAX_SIZE_BITS);
        return out;
    }

    private boolean blocksAgree(long base, long mask, List<Desc> sample) {
        int agree = 0;
        for (Desc d : sample) {
            if (ram.word(base + (d.begin() & mask)) == d.id()) agree++;
        }
        return agree * 4 >= sample.size() * 3;
    }
}
