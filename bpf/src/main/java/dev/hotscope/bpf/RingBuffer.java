package dev.hotscope.bpf;

import dev.hotscope.bpf.internal.Native;
import dev.hotscope.bpf.internal.NativeMemory;
import dev.hotscope.bpf.internal.Sys;
import dev.hotscope.bpf.internal.BpfErrno;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Consumes a {@code BPF_MAP_TYPE_RINGBUF} map in Java, straight from the kernel's memory: the
 * consumer page mapped read-write, the producer page and the data area (mapped twice in a row by
 * the kernel, so a record never wraps) read-only. Records are read with acquire loads, as libbpf
 * does, and released with a release store of the consumer position every 64 KiB (an eighth of
 * smaller rings) and when a walk ends; no native call per record.
 *
 * <p>A {@link Handler} gets a read-only, native-order view of each record, valid only during the
 * call. A {@link RecordHandler} ({@link #openInPlace}) gets the record's place in one shared view of
 * the data area instead, so no buffer is made per record: the fastest way to decode.
 * Exceptions handlers throw are counted ({@link #handlerErrors()}), the first few kept ({@link #errors()}),
 * and never thrown out of {@link #poll}. One thread polls at a time (a poll from inside the handler
 * returns 0); {@link #close()} may be called from any thread, the handler included, wakes a blocked
 * poll, and is idempotent. After close the address range stays
 * reserved as zero pages, so a view kept by mistake reads zeros instead of crashing the JVM.
 */
public final class RingBuffer implements AutoCloseable {
    /** Receives one record. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Handles one record.
         *
         * @param record the record's bytes, position 0 to limit; read-only; invalid after return
         * @throws Exception counted and kept, never propagated
         */
        void onRecord(ByteBuffer record) throws Exception;
    }

    /**
     * Receives one record where it lies in the ring, with no buffer made for it. Read it with
     * absolute gets, {@code data.getLong(offset + 8)}; the bytes from {@code offset} to
     * {@code offset + length} are the record's, the rest of {@code data} belongs to other records.
     */
    @FunctionalInterface
    public interface RecordHandler {
        /**
         * Handles one record.
         *
         * @param data the ring's whole data area: read-only, native order, the same buffer for every
         *     record (do not change its position or limit); its contents are valid only during the call
         * @param offset where the record starts in {@code data}, a multiple of 8
         * @param length the record's length in bytes; {@code offset + length <= data.capacity()}
         * @throws Exception counted and kept, never propagated
         */
        void onRecord(ByteBuffer data, int offset, int length) throws Exception;
    }

    private static final int BUSY = 1 << 31;
    private static final int DISCARD = 1 << 30;
    private static final int HEADER = 8;
    private static final int KEPT_ERRORS = 8;
    /** At most this many consumed bytes are held back from producers during a walk. */
    private static final long RELEASE_BYTES = 64 * 1024;
    private static final int EVENT_BYTES = 12;
    private static final int EINTR = 4;
    private static final long WAKE = 1;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle CONSUMED;
    private static final VarHandle HANDLER_ERRORS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CONSUMED = lookup.findVarHandle(RingBuffer.class, "consumed", long.class);
            HANDLER_ERRORS = lookup.findVarHandle(RingBuffer.class, "handlerErrors", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BpfMap map;
    private final BpfObject owner;
    private final RecordHandler handler;
    private final long page;
    private final long size;
    private final long mask;
    private final long releaseBytes;
    private final int fd;
    private final int epoll;
    private final int wakeup;
    private final long consumerAddress;
    private final long producerAddress;
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    private final ByteBuffer data;
    private final ByteBuffer view;
    private final NativeMemory events;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Throwable> errors = new ArrayList<>();
    private volatile boolean closing;
    /** One close() wins; a second must not write to the wakeup fd the first is closing. */
    private static final java.lang.invoke.VarHandle CLOSING = closingHandle();
    private boolean closed;
    // Written by the polling thread only, with release stores (no fence per record); read with acquire loads.
    private long consumed;
    private long handlerErrors;

    private RingBuffer(BpfMap map, BpfObject owner, RecordHandler handler, long page, int fd, int epoll, int wakeup,
                       long consumerAddress, long producerAddress, NativeMemory events) {
        this.map = map;
        this.owner = owner;
        this.handler = handler;
        this.page = page;
        this.size = map.maxEntries();
        this.mask = size - 1;
        this.releaseBytes = Math.min(size / 8, RELEASE_BYTES);
        this.fd = fd;
        this.epoll = epoll;
        this.wakeup = wakeup;
        this.consumerAddress = consumerAddress;
        this.producerAddress = producerAddress;
        this.consumer = Native.memory().newDirectByteBuffer(consumerAddress, (int) page).order(ByteOrder.nativeOrder());
        this.producer = Native.memory().newDirectByteBuffer(producerAddress, (int) (page + 2 * size))
            .asReadOnlyBuffer().order(ByteOrder.nativeOrder());
        // The data area, mapped twice in a row: a record starting in the first copy never wraps.
        this.data = producer.slice((int) page, (int) (2 * size)).order(ByteOrder.nativeOrder());
        this.view = data.duplicate().order(ByteOrder.nativeOrder()); // the handlers' copy: their limit is not ours
        this.events = events;
    }

    /**
     * Maps a ring buffer map for consumption. The ring buffer keeps its own fd and mappings;
     * closing the map's object closes it too.
     *
     * @param map a loaded map of type {@link BpfMapType#RINGBUF}; not null
     * @param handler called once per record; not null
     * @return the ring buffer; close it
     * @throws IllegalArgumentException if the map is not a ring buffer or larger than 512 MiB
     * @throws IllegalStateException if the map's object is not loaded
     * @throws BpfException with errno if mmap or epoll setup fails
     */
    public static RingBuffer open(BpfMap map, Handler handler) {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(handler, "handler");
        return openMapping(map, (data, offset, length) -> handler.onRecord(data.slice(offset, length)
            .order(ByteOrder.nativeOrder())));
    }

    /**
     * Maps a ring buffer map for consumption in place: like {@link #open}, but the handler reads
     * each record out of a view of the whole data area, so consuming allocates nothing per record.
     *
     * @param map a loaded map of type {@link BpfMapType#RINGBUF}; not null
     * @param handler called once per record; not null
     * @return the ring buffer; close it
     * @throws IllegalArgumentException if the map is not a ring buffer or larger than 512 MiB
     * @throws IllegalStateException if the map's object is not loaded
     * @throws BpfException with errno if mmap or epoll setup fails
     */
    public static RingBuffer openInPlace(BpfMap map, RecordHandler handler) {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(handler, "handler");
        return openMapping(map, handler);
    }

    private static RingBuffer openMapping(BpfMap map, RecordHandler handler) {
        if (map.type() != BpfMapType.RINGBUF) {
            throw new IllegalArgumentException("map '" + map.name() + "' is " + map.type() + ", not RINGBUF");
        }
        long size = map.maxEntries();
        if (size <= 0 || Long.bitCount(size) != 1 || size > (1 << 29)) {
            throw new IllegalArgumentException("ring buffer '" + map.name() + "' has size " + size
                + ": a power of 2 up to 512 MiB is supported");
        }
        Sys sys = Native.sys();
        long page = Native.sys().getpagesize();
        List<Runnable> undo = new ArrayList<>();
        try {
            map.owner().beginMapOperation("RingBuffer.open() on map '" + map.name() + "'");
            int fd;
            try {
                fd = check(sys.fcntl(map.fd(), Sys.F_DUPFD_CLOEXEC, 0), "dup the fd of ring buffer " + map.name());
            } finally {
                map.owner().endMapOperation();
            }
            undo.add(() -> sys.close(fd));
            long consumerAddress = mmap(sys, page, Sys.PROT_READ | Sys.PROT_WRITE, fd, 0, "consumer page of " + map.name());
            undo.add(() -> sys.munmap(consumerAddress, page));
            long producerLength = page + 2 * size;
            long producerAddress = mmap(sys, producerLength, Sys.PROT_READ, fd, page, "data of " + map.name());
            undo.add(() -> sys.munmap(producerAddress, producerLength));
            int epoll = check(sys.epoll_create1(Sys.EPOLL_CLOEXEC), "epoll_create1");
            undo.add(() -> sys.close(epoll));
            int wakeup = check(sys.eventfd(0, Sys.EFD_CLOEXEC | Sys.EFD_NONBLOCK), "eventfd");
            undo.add(() -> sys.close(wakeup));
            NativeMemory events = NativeMemory.allocate(2L * EVENT_BYTES, true);
            undo.add(events::close);
            addToEpoll(sys, epoll, fd, 0, events, "ring buffer " + map.name());
            addToEpoll(sys, epoll, wakeup, WAKE, events, "eventfd");
            RingBuffer ring = new RingBuffer(map, map.owner(), handler, page, fd, epoll, wakeup, consumerAddress,
                producerAddress, events);
            map.owner().register(ring);
            return ring;
        } catch (RuntimeException | Error e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
            throw e;
        }
    }

    private static void addToEpoll(Sys sys, int epoll, int fd, long data, NativeMemory event, String what) {
        event.putInt(0, Sys.EPOLLIN);   // packed struct epoll_event: u32 events, u64 data
        event.putLong(4, data);
        check(sys.epoll_ctl(epoll, Sys.EPOLL_CTL_ADD, fd, event.address()), "epoll_ctl(ADD, " + what + ")");
    }

    private static long mmap(Sys sys, long length, int prot, int fd, long offset, String what) {
        long address = sys.mmap(0, length, prot, Sys.MAP_SHARED, fd, offset);
        if (address == Sys.MAP_FAILED || address == 0) {
            int errno = Native.sysErrno();
            throw new BpfException("mmap of the " + what + " failed: " + BpfErrno.describe(errno), errno, null);
        }
        return address;
    }

    private static int check(int result, String what) {
        if (result < 0) {
            int errno = Native.sysErrno();
            throw new BpfException(what + " failed: " + BpfErrno.describe(errno), errno, null);
        }
        return result;
    }

    /** The map consumed. */
    public BpfMap map() {
        return map;
    }

    /**
     * Consumes what is there, then, if there was nothing, waits up to {@code timeout} for records
     * (epoll on the map) and consumes those.
     *
     * @param timeout how long to wait, zero for not at all; not null or negative
     * @return the records consumed (discarded ones not counted); 0 once closed
     * @throws IllegalArgumentException if the timeout is negative
     * @throws BpfException with errno if epoll_wait fails
     */
    public int poll(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() + (timeout.toNanosPart() % 1_000_000 > 0 ? 1 : 0));
        lock.lock();
        try {
            if (closed || closing || lock.getHoldCount() > 1) {
                return 0; // closed, or called from inside the handler: never re-enter drain()
            }
            int n = drain();
            if (n > 0 || millis == 0) {
                return n;
            }
            int ready = Native.sys().epoll_wait(epoll, events.address(), 2, millis);
            if (ready < 0) {
                int errno = Native.sysErrno();
                if (errno != EINTR) {
                    throw new BpfException("epoll_wait on ring buffer " + map.name() + " failed: " + BpfErrno.describe(errno),
                        errno, null);
                }
            }
            return closing ? 0 : drain();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Consumes what is there without waiting.
     *
     * @return the records consumed; 0 once closed
     */
    public int consume() {
        lock.lock();
        try {
            return closed || closing || lock.getHoldCount() > 1 ? 0 : drain();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Walks records from consumer_pos to producer_pos, as libbpf's ringbuf_process_ring does: an
     * acquire load of each header (pairs with the kernel's release of the busy bit), then the
     * record. Unlike libbpf, the consumer position is not released after every record but every
     * {@link #releaseBytes} and when the walk stops (as the kernel's own benchmark consumer does), so
     * producers get space back at most that late; records are never released before their handler
     * returned, and never after the handler closed the ring.
     */
    private int drain() {
        int count = 0;
        view.clear(); // undo whatever a handler did to the position or limit
        long consumerPos = (long) LONGS.getAcquire(consumer, 0);
        long released = consumerPos;
        try {
            while (true) {
                boolean progress = false;
                long producerPos = (long) LONGS.getAcquire(producer, 0);
                while (consumerPos < producerPos) {
                    int offset = (int) (consumerPos & mask);
                    int header = (int) INTS.getAcquire(data, offset);
                    if ((header & BUSY) != 0) {
                        return count;
                    }
                    int length = header & ~(BUSY | DISCARD);
                    if (length > size - HEADER) {
                        throw new IllegalStateException("ring buffer " + map.name() + ": corrupt record length " + length);
                    }
                    progress = true;
                    long next = consumerPos + ((length + HEADER + 7) & ~7L);
                    if ((header & DISCARD) == 0) {
                        deliver(offset + HEADER, length);
                        count++;
                        if (closed) {
                            return count; // the handler closed us: the pages are retired, write nothing
                        }
                    }
                    consumerPos = next; // handled: may be released
                    if (consumerPos - released >= releaseBytes) {
                        LONGS.setRelease(consumer, 0, consumerPos);
                        released = consumerPos;
                        if (closing) {
                            return count; // close() is waiting: let it in even if producers keep going
                        }
                    }
                }
                if (!progress || closing) {
                    return count;
                }
            }
        } finally {
            if (consumerPos != released && !closed) {
                LONGS.setRelease(consumer, 0, consumerPos);
            }
        }
    }

    private void deliver(int offset, int length) {
        CONSUMED.setRelease(this, consumed + 1);
        try {
            handler.onRecord(view, offset, length);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            HANDLER_ERRORS.setRelease(this, handlerErrors + 1);
            synchronized (errors) {
                if (errors.size() < KEPT_ERRORS) {
                    errors.add(t);
                }
            }
        }
    }

    /** Records handed to the handler so far (including those it failed on). */
    public long consumed() {
        return (long) CONSUMED.getAcquire(this);
    }

    /** How many handler calls threw. */
    public long handlerErrors() {
        return (long) HANDLER_ERRORS.getAcquire(this);
    }

    /** The first few exceptions the handler threw; a snapshot, unmodifiable. */
    public List<Throwable> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** Bytes produced but not yet consumed (producer_pos - consumer_pos); 0 once closed. */
    public long pending() {
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            return (long) LONGS.getAcquire(producer, 0) - (long) LONGS.getAcquire(consumer, 0);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closing;
    }

    /**
     * Wakes a blocked {@link #poll}, waits for it, then releases fds and mappings. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!CLOSING.compareAndSet(this, false, true)) {
            lock.lock(); // another close() won: wait until it has released everything
            lock.unlock();
            return;
        }
        Sys sys = Native.sys();
        try (NativeMemory one = NativeMemory.allocate(8, true)) {
            one.putLong(0, 1);
            sys.write(wakeup, one.address(), 8);
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            sys.close(epoll);
            sys.close(wakeup);
            sys.close(fd);
            retire(sys, consumerAddress, page);
            retire(sys, producerAddress, page + 2 * size);
            events.close();
        } finally {
            lock.unlock();
        }
        owner.unregister(this);
    }

    /** Replaces a mapping with private zero pages (dropping the kernel's), so stale views cannot fault. */
    private static void retire(Sys sys, long address, long length) {
        long replaced = sys.mmap(address, length, Sys.PROT_READ, Sys.MAP_PRIVATE | Sys.MAP_FIXED | Sys.MAP_ANONYMOUS, -1, 0);
        if (replaced != address) {
            sys.munmap(address, length);
        }
    }

    private static java.lang.invoke.VarHandle closingHandle() {
        try {
            return java.lang.invoke.MethodHandles.lookup().findVarHandle(RingBuffer.class, "closing", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return "RingBuffer[" + map.name() + ", " + size + " B, consumed " + consumed() + (closing ? ", closed" : "") + "]";
    }
}
