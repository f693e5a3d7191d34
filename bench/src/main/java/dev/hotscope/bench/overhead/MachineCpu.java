package dev.hotscope.bench.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy CPU time of the whole machine ({@code /proc/stat}) and of the runner's reaped children
 * ({@code cutime + cstime} of {@code /proc/self/stat}: wrk's time once it has been waited for).
 */
final class MachineCpu {
    private final long ticksPerSecond;

    MachineCpu(long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
    }

    /** Seconds all CPUs have been busy since boot: user, nice, system, irq, softirq, steal. */
    double busySeconds() throws IOException {
        String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
        String[] f = first.trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(f[i]);
        }
        return busy / (double) ticksPerSecond;
    }

    /** CPU seconds of the runner itself plus those of its children that have exited and been waited for. */
    double runnerAndReapedSeconds() throws IOException {
        String s = Files.readString(Path.of("/proc/self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        long ticks = 0;
        for (int i = 11; i <= 14; i++) {
            ticks += Long.parseLong(f[i]);
        }
        return ticks / (double) ticksPerSecond;
    }
}
