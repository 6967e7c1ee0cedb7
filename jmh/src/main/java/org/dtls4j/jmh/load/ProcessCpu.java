package org.dtls4j.jmh.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time as Linux accounts it, read from {@code /proc} (proc(5)): a whole process's
 * {@code utime + stime} (fields 14 and 15 of {@code /proc/<pid>/stat}, every thread included, the
 * exited ones too) and the machine's busy time from the first line of {@code /proc/stat}. Both
 * count in clock ticks of {@code getconf CLK_TCK} (100 per second on Linux/x86), so over a window
 * of 10 s a reading is good to about 0.1 %.
 *
 * <p>"Cores busy" over a window is CPU time divided by wall time: 1.0 is one core fully used.
 */
final class ProcessCpu {
    /** Clock ticks per second; USER_HZ is 100 on every Linux/x86 build, {@code getconf} confirms it. */
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcessCpu() {
    }

    /** CPU nanoseconds that process {@code pid} has used so far, user and system. */
    static long processNanos(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name (field 2) is in parentheses and may hold spaces: count fields after ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state), so utime (field 14) is f[11] and stime (field 15) is f[12]
        return ticksToNanos(Long.parseLong(f[11]) + Long.parseLong(f[12]));
    }

    /** CPU nanoseconds this JVM has used so far. */
    static long selfNanos() {
        return processNanos(ProcessHandle.current().pid());
    }

    /**
     * Busy CPU nanoseconds of the whole machine so far, every core summed: all time in
     * {@code /proc/stat}'s first line except idle and iowait. Tells whether something besides the
     * server and the generator took cores during a window.
     */
    static long machineNanos() {
        String first = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow();
        String[] f = first.trim().split("\\s+");
        long busy = 0;
        // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
        for (int i = 1; i <= 8 && i < f.length; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return ticksToNanos(busy);
    }

    private static long ticksToNanos(long ticks) {
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + " (Linux only)", e);
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
            p.destroy();
        } catch (IOException | NumberFormatException e) {
            // fall through to Linux's fixed USER_HZ
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
