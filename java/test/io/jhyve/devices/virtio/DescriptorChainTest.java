package io.jhyve.devices.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhyve.memory.GuestMemory;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescriptorChainTest {
    private final GuestMemory memory = GuestMemory.onHeap(1 << 16);

    /** A 16-byte readable header at 0x1000, then data in two writable buffers of 100 and 300 bytes. */
    private final DescriptorChain chain = new DescriptorChain(0,
            List.of(new Descriptor(0x1000, 16, false)),
            List.of(new Descriptor(0x2000, 100, true), new Descriptor(0x3000, 300, true)));

    @Test
    void viewsCoverTheRangeAcrossBuffersInPiecesOfAtMostMaxView() {
        // Tag the guest address where each expected view starts; a view's first byte then names it.
        int[] starts = {0x2032, 0x3000, 0x3050, 0x30a0, 0x30f0};
        for (int i = 0; i < starts.length; i++) memory.writeU8(starts[i], i + 1);
        // From 50 bytes into the writable part: the rest of the first buffer, then 300 in views of <= 80.
        List<String> views = chain.writableViews(memory, 50, 50 + 300, 80).stream()
                .map(v -> v.remaining() + " bytes from tag " + v.get(0)).toList();
        assertEquals(List.of("50 bytes from tag 1", "80 bytes from tag 2", "80 bytes from tag 3",
                "80 bytes from tag 4", "60 bytes from tag 5"), views);
    }

    @Test
    void aChainShorterThanTheRangeGivesNoViews() {
        assertEquals(List.of(), chain.writableViews(memory, 0, 401, 4096));
        assertEquals(List.of(), chain.readableViews(memory, 8, 9, 4096));
        assertEquals(1, chain.readableViews(memory, 8, 8, 4096).size());
    }
}
