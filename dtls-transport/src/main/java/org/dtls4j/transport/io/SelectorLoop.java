package org.dtls4j.transport.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.dtls4j.transport.time.NanoClock;
import org.dtls4j.transport.time.TimerQueue;

/**
 * Many UDP sockets and the one thread that reads them all: a {@link Selector} loop for client
 * connections, each of which keeps a connected socket of its own (a server tells its peers apart
 * by their source address, so clients cannot share one). Where {@link DatagramLoop} serves one
 * socket, this loop serves any number, each with its own {@link Handler}, and runs the timers of
 * all of them from one {@link TimerQueue}, so ten thousand idle sockets cost nothing per wake-up.
 *
 * <pre>
 *   loop:  now = clock
 *          run due timers (retransmissions, handshake deadlines)
 *          run posted tasks (register a socket, close a socket)
 *          select until the next timer or a datagram or a wake-up
 *          for each ready socket: read up to {@value #MAX_READS_PER_SOCKET} datagrams, each to its handler
 * </pre>
 *
 * <p>Thread-safety: a {@link Socket} may send from any thread (a {@link DatagramChannel} allows
 * concurrent writers) and may be closed from any thread. Registering with the selector and
 * deregistering happen on the loop thread only: {@link #register} and {@link Socket#close}
 * from another thread post a task and wake the selector. {@link #timers()} and every handler call
 * belong to the loop thread. A handler that throws is logged and the loop goes on.
 */
public final class SelectorLoop implements AutoCloseable {
    /** Datagrams read from one socket per wake-up, so one busy socket cannot starve the others. */
    static final int MAX_READS_PER_SOCKET = 32;
    private static final System.Logger LOG = System.getLogger(SelectorLoop.class.getName());
    private static final long STOP_WAIT_MILLIS = 5_000;

    /** What the loop calls for one socket, always on the loop thread. */
    public interface Handler {
        /** The socket is registered: the first call, before any datagram. */
        void onStart(long nowNanos);

        /** One received datagram; {@code data} is reused after the call returns. */
        void onDatagram(InetSocketAddress from, byte[] data, int length, long nowNanos);

        /**
         * The socket is closing, because its owner closed it or the loop stops: the last call, made
         * before the channel closes (a last datagram may still be sent). Called exactly once for
         * every socket {@link #register} returned, even if {@link #onStart} never ran (the loop
         * ended first).
         */
        void onClose(long nowNanos);
    }

    private final Selector selector;
    private final NanoClock clock;
    private final TimerQueue timers = new TimerQueue();
    private final ByteBuffer receiveBuffer;
    private final Thread thread;
    /** Posted tasks; guarded by itself, together with {@link #accepting}. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean accepting = true;
    /** The registered sockets; loop thread only. */
    private final Set<Socket> registered = new HashSet<>();
    /** Sockets registered and not yet closed, for any thread. */
    private final AtomicInteger sockets = new AtomicInteger();
    /** The selector's key count after the last select, when cancelled keys are gone; for any thread. */
    private volatile int selectorKeys;
    /** A key was cancelled since the last select; loop thread only. */
    private boolean keysCancelled;
    private volatile int armedTimers;
    private volatile boolean running = true;

    /**
     * @param threadName the name of the (daemon) loop thread
     * @param receiveBufferSize the largest datagram read whole; longer ones arrive cut to this size
     */
    public SelectorLoop(String threadName, int receiveBufferSize, NanoClock clock) throws IOException {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.receiveBuffer = ByteBuffer.allocate(receiveBufferSize);
        this.selector = Selector.open();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The timers of all sockets; only from the loop thread. */
    public TimerQueue timers() {
        return timers;
    }

    public boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    public boolean isRunning() {
        return running;
    }

    /** Sockets registered and not yet closed. */
    public int sockets() {
        return sockets.get();
    }

    /**
     * Keys the selector holds, as of the last registration or wake-up: a closed socket's key goes
     * at the select that follows its closing, which the loop makes at once. For tests and diagnostics.
     */
    public int selectorKeys() {
        return selectorKeys;
    }

    /** Timers armed after the loop's last wake-up (see {@link TimerQueue#armed()}). */
    public int armedTimers() {
        return armedTimers;
    }

    /**
     * Takes {@code channel} (open, bound, and for a client connected) into this loop. The channel
     * becomes non-blocking; {@code handlerFor} makes the socket's handler, on the calling thread,
     * from the {@link Socket} (which may send at once); then the loop thread registers the socket
     * and calls the handler's {@link Handler#onStart}.
     *
     * @return the handler {@code handlerFor} made
     * @throws IOException when the channel cannot be made non-blocking or the loop has ended; the
     *                     channel is closed then and the handler is never called
     */
    public <H extends Handler> H register(DatagramChannel channel, Function<Socket, H> handlerFor) throws IOException {
        H h;
        Socket s;
        try {
            channel.configureBlocking(false);
            s = new Socket(channel);
            h = Objects.requireNonNull(handlerFor.apply(s), "handler");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        s.handler = h;
        sockets.incrementAndGet();
        if (!post(s::register)) {
            sockets.decrementAndGet();
            channel.close();
            throw new IOException("the I/O loop " + thread.getName() + " has ended");
        }
        return h;
    }

    /**
     * Stops the loop: every socket's handler gets {@link Handler#onClose}, on the loop thread, then
     * every channel and the selector close. From another thread this waits (a bounded time) for
     * the loop to end. Idempotent.
     */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (!inLoopThread()) {
            try {
                thread.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Posts {@code task} for the loop thread; false when the loop has ended and will run no more tasks. */
    private boolean post(Runnable task) {
        synchronized (tasks) {
            if (!accepting) {
                return false;
            }
            tasks.add(task);
        }
        selector.wakeup();
        return true;
    }

    private void run() {
        try {
            while (running) {
                long now = clock.nanos();
                runTimers(now);
                runTasks();
                if (!running) {
                    break;
                }
                waitForWork(now);
                readReady();
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "I/O loop " + thread.getName() + " stopped by " + e, e);
        } finally {
            running = false;
            shutDown();
        }
    }

    /** Closes every socket, runs the tasks still posted (a socket started now is closed at once), then the selector. */
    private void shutDown() {
        for (Socket s : new ArrayList<>(registered)) {
            s.closeNow();
        }
        List<Runnable> last;
        synchronized (tasks) {
            accepting = false;
            last = new ArrayList<>(tasks);
            tasks.clear();
        }
        for (Runnable task : last) {
            runTask(task);
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing selector: " + e);
        }
        selectorKeys = 0;
        armedTimers = timers.armed();
    }

    private void runTimers(long now) {
        try {
            timers.runDue(now);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "timer action failed on " + thread.getName(), e);
        }
    }

    private void runTasks() {
        while (true) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.poll();
            }
            if (task == null) {
                return;
            }
            runTask(task);
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "task failed on " + thread.getName(), e);
        }
    }

    private void waitForWork(long now) throws IOException {
        boolean pending;
        synchronized (tasks) {
            pending = !tasks.isEmpty();
        }
        long next = timers.nextExpiry();
        if (pending || keysCancelled) {
            keysCancelled = false;
            selector.selectNow();
        } else if (next == Long.MAX_VALUE) {
            selector.select();
        } else {
            long waitNanos = next - now;
            if (waitNanos <= 0) {
                selector.selectNow();
            } else {
                // round up, so we never wake just before the deadline and spin
                selector.select(Math.max(1, (waitNanos + 999_999) / 1_000_000));
            }
        }
        selectorKeys = selector.keys().size();
        armedTimers = timers.armed();
    }

    private void readReady() {
        Set<SelectionKey> ready = selector.selectedKeys();
        for (SelectionKey key : ready) {
            if (!running) {
                break;
            }
            ((Socket) key.attachment()).readAvailable();
        }
        ready.clear();
    }

    /**
     * One socket of the loop: a {@link DatagramSender} for any thread, read by the loop thread
     * from its registration to {@link #close}.
     */
    public final class Socket implements DatagramSender {
        private final DatagramChannel channel;
        private final AtomicLong portUnreachable = new AtomicLong();
        /** Set before the registration is posted, then read by the loop thread only. */
        private Handler handler;
        /** Loop thread only. */
        private SelectionKey key;
        private boolean closed;

        private Socket(DatagramChannel channel) {
            this.channel = channel;
        }

        /**
         * Closes the socket: on the loop thread its handler gets {@link Handler#onClose}, the
         * selection key is cancelled and the channel closed. From any thread; idempotent.
         */
        public void close() {
            if (inLoopThread()) {
                closeNow();
            } else {
                post(this::closeNow); // false: the loop has ended, and closed every socket on its way out
            }
        }

        /**
         * Sends one datagram. UDP semantics: false when it was not sent (socket buffer full,
         * channel closed, ICMP error reported), never thrown.
         */
        @Override
        public boolean send(ByteBuffer datagram, SocketAddress to) {
            try {
                return channel.send(datagram, to) > 0;
            } catch (PortUnreachableException e) {
                portUnreachable.incrementAndGet();
                return false;
            } catch (ClosedChannelException e) {
                return false;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> PeerLog.prefix(to) + "send failed: " + e);
                return false;
            }
        }

        /**
         * ICMP "port unreachable" reports seen on this connected socket, by a send or a receive
         * (the kernel hands such a report to whichever call comes next).
         */
        public long portUnreachable() {
            return portUnreachable.get();
        }

        private void register() {
            if (!running) {
                closeNow();
                return;
            }
            try {
                key = channel.register(selector, SelectionKey.OP_READ, this);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "cannot register " + channel + ": " + e);
                closeNow();
                return;
            }
            registered.add(this);
            selectorKeys = selector.keys().size();
            try {
                handler.onStart(clock.nanos());
            } catch (RuntimeException e) {
                // a socket whose start failed would wait for datagrams that nothing expects
                LOG.log(System.Logger.Level.ERROR, "starting a socket on " + thread.getName() + " failed", e);
                closeNow();
            }
        }

        private void closeNow() {
            if (closed) {
                return;
            }
            closed = true;
            registered.remove(this);
            if (key != null) {
                key.cancel();
                keysCancelled = true; // the selector forgets the key at its next select: make it soon
            }
            try {
                handler.onClose(clock.nanos());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "while closing a socket on " + thread.getName(), e);
            }
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "closing channel: " + e);
            }
            sockets.decrementAndGet();
        }

        private void readAvailable() {
            for (int i = 0; i < MAX_READS_PER_SOCKET && !closed && running; i++) {
                SocketAddress from;
                receiveBuffer.clear();
                try {
                    from = channel.receive(receiveBuffer);
                } catch (PortUnreachableException e) {
                    portUnreachable.incrementAndGet();
                    continue;
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "receive failed: " + e);
                    return;
                }
                if (from == null) {
                    return;
                }
                try {
                    handler.onDatagram((InetSocketAddress) from, receiveBuffer.array(), receiveBuffer.position(),
                            clock.nanos());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, PeerLog.prefix(from) + "handling a datagram failed", e);
                }
            }
        }
    }
}
