package dev.hotscope.bpf.symbols;

/**
 * A direct-mapped cache of frames by address: one slot per hash, newer frames replace older ones.
 * Lookups do not allocate. Safe for concurrent use since frames are immutable and carry their own
 * address, so a slot can never give a frame for the wrong address.
 */
final class FrameCache {
    private static final int SIZE = 8192;

    private final Frame[] slots = new Frame[SIZE];

    /** The cached frame for an address, or null. */
    Frame get(long address) {
        Frame f = slots[slot(address)];
        return f != null && f.address() == address ? f : null;
    }

    void put(Frame frame) {
        slots[slot(frame.address())] = frame;
    }

    private static int slot(long address) {
        long h = address * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 51); // the top 13 bits: SIZE slots
    }
}
