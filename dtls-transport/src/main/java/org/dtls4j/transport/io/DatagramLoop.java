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
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dtls4j.transport.time.NanoClock;
import org.dtls4j.transport.time.TimerQueue;

/**
 * One UDP socket and the one thread that reads it: a {@link Selector} loop that hands every
 * received datagram to a {@link Handler}, runs the {@link TimerQueue} and runs tasks posted from
 * other threads. The server has one for all its peers; client connections, each with a socket of
 * its own, share the threads of {@link SelectorLoop}s instead.
 *
 * <pre>
 *   loop:  now = clock
 *          run due timers (retransmissions, handshake deadlines, idle timeouts)
 *          run posted tasks (application closes, server close)
 *          select until the next timer or a datagram or a wake-up
 *          read up to {@value #MAX_READS_PER_WAKEUP} datagrams, each to the handler
 * </pre>
 *
 * <p>Thread-safety: {@link #send}, {@link #execute}, {@link #stop} and the counters may be used from
 * any thread (a {@link DatagramChannel} allows one reader and concurrent writers). {@link #timers()}
 * and everything the handler does belong to the loop thread alone. A handler that throws is logged
 * and the loop goes on: one bad peer must not stop the server.
 */
public final class DatagramLoop implements DatagramSender {
    /** Datagrams read per wake-up before timers get their turn again. */
    static final int MAX_READS_PER_WAKEUP = 256;
    private static final System.Logger LOG = System.getLogger(DatagramLoop.class.getName());
    private static final long STOP_WAIT_MILLIS = 5_000;

    /** What the loop calls, always on its own thread. */
    public interface Handler {
        /** One received datagram; {@code data} is reused after the call returns. */
        void onDatagram(InetSocketAddress from, byte[] data, int length, long nowNanos);

        /** A connected socket reported ICMP port unreachable (nobody listens at the peer's port). */
        default void onPortUnreachable(long nowNanos) {
        }

        /** The loop is stopping: the last call, made before the channel closes. */
        void onStop(long nowNanos);
    }

    private final DatagramChannel channel;
    private final Selector selector;
    private final NanoClock clock;
    private final TimerQueue timers = new TimerQueue();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer receiveBuffer;
    private final Thread thread;
    private final AtomicLong datagramsIn = new AtomicLong();
    private final AtomicLong datagramsOut = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong portUnreachable = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean started;
    private Handler handler;

    /**
     * @param threadName the name of the (daemon) loop thread
     * @param channel an open channel; the loop makes it non-blocking and closes it when it stops
     * @param receiveBufferSize the largest datagram read whole; longer ones arrive cut to this size
     */
    public DatagramLoop(String threadName, DatagramChannel channel, int receiveBufferSize, NanoClock clock)
            throws IOException {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.receiveBuffer = ByteBuffer.allocate(receiveBufferSize);
        channel.configureBlocking(false);
        this.selector = Selector.open();
        try {
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts the loop thread. */
    public void start(Handler h) {
        this.handler = Objects.requireNonNull(h, "handler");
        started = true;
        thread.start();
    }

    public NanoClock clock() {
        return clock;
    }

    /** The timers; only from the loop thread. */
    public TimerQueue timers() {
        return timers;
    }

    public boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    public boolean isRunning() {
        return running;
    }

    /** Runs {@code task} on the loop thread soon; dropped if the loop has stopped. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Sends one datagram. UDP semantics: false when it was not sent (socket buffer full, channel
     * closed, ICMP error reported), and the failure is counted, never thrown.
     */
    @Override
    public boolean send(ByteBuffer datagram, SocketAddress to) {
        try {
            int n = channel.send(datagram, to);
            if (n == 0) {
                sendFailures.incrementAndGet();
                return false;
            }
            datagramsOut.incrementAndGet();
            return true;
        } catch (PortUnreachableException e) {
            portUnreachable.incrementAndGet();
            sendFailures.incrementAndGet();
            return false;
        } catch (ClosedChannelException e) {
            sendFailures.incrementAndGet();
            return false;
        } catch (IOException | RuntimeException e) {
            sendFailures.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, () -> PeerLog.prefix(to) + "send failed: " + e);
            return false;
        }
    }

    /**
     * Stops the loop: the handler's {@link Handler#onStop} runs on the loop thread, then the
     * channel closes. From another thread this waits (a bounded time) for the loop to end.
     */
    public void stop() {
        running = false;
        if (!started) {
            closeQuietly();
            return;
        }
        selector.wakeup();
        if (!inLoopThread()) {
            try {
                thread.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the loop thread has ended; false on timeout. */
    public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        thread.join(Math.max(1, unit.toMillis(timeout)));
        return !thread.isAlive();
    }

    public long datagramsIn() { return datagramsIn.get(); }
    public long datagramsOut() { return datagramsOut.get(); }
    /** Datagrams that could not be sent. */
    public long sendFailures() { return sendFailures.get(); }
    /** ICMP port unreachable reports seen on this (connected) socket. */
    public long portUnreachable() { return portUnreachable.get(); }

    private void run() {
        long now = clock.nanos();
        try {
            while (running) {
                now = clock.nanos();
                runTimers(now);
                runTasks();
                if (!running) {
                    break;
                }
                waitForWork(now);
                readAvailable();
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "I/O loop " + thread.getName() + " stopped by " + e, e);
        } finally {
            running = false;
            try {
                handler.onStop(clock.nanos());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "while stopping " + thread.getName(), e);
            }
            closeQuietly();
        }
    }

    private void runTimers(long now) {
        try {
            timers.runDue(now);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "timer action failed", e);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "task failed on " + thread.getName(), e);
            }
        }
    }

    private void waitForWork(long now) throws IOException {
        long next = timers.nextExpiry();
        if (!tasks.isEmpty()) {
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
        selector.selectedKeys().clear();
    }

    private void readAvailable() {
        for (int i = 0; i < MAX_READS_PER_WAKEUP && running; i++) {
            SocketAddress from;
            receiveBuffer.clear();
            try {
                from = channel.receive(receiveBuffer);
            } catch (PortUnreachableException e) {
                portUnreachable.incrementAndGet();
                handler.onPortUnreachable(clock.nanos());
                continue;
            } catch (IOException e) {
                if (running) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "receive failed: " + e);
                }
                return;
            }
            if (from == null) {
                return;
            }
            datagramsIn.incrementAndGet();
            try {
                handler.onDatagram((InetSocketAddress) from, receiveBuffer.array(), receiveBuffer.position(), clock.nanos());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, PeerLog.prefix(from) + "handling a datagram failed", e);
            }
        }
    }

    private void closeQuietly() {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing selector: " + e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing channel: " + e);
        }
    }
}
