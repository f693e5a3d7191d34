package dev.hotscope.tests.target;

import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.Provider;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The commands the target answers, one line each, with one reply line each except {@code sync}:
 *
 * <ul>
 *   <li>{@code await-enabled <probe>...} — waits (up to {@value #AWAIT_ENABLED_SECONDS} s) until
 *       every named probe's semaphore is up; replies {@code ENABLED} or
 *       {@code NOT-ENABLED <probe>=<semaphore>...};</li>
 *   <li>{@code sync} — fires {@code sync(n)}, n = 0, 1, 2..., until the next command arrives, then
 *       runs that command; no reply of its own;</li>
 *   <li>{@code fire} — fires the scenario's sequence, then {@code done()}; replies with the
 *       scenario's report lines, then {@code FIRED};</li>
 *   <li>{@code await-semaphore <probe> <n>} — waits (same bound) until the probe's semaphore is
 *       {@code n}; replies {@code SEMAPHORE <probe> <value now>}, so a wrong value shows;</li>
 *   <li>{@code state <probe>} — {@code STATE <probe> enabled=<bool> semaphore=<n>};</li>
 *   <li>{@code java} — {@code JAVA <feature release>} of the running JVM;</li>
 *   <li>{@code site} — {@code SITE <nop1|nop5>}, the probe site the provider chose;</li>
 *   <li>{@code close} — closes the provider; {@code CLOSED loaded=<bool> closed=<bool>};</li>
 *   <li>{@code ping} — {@code PONG}; {@code exit} — ends the target.</li>
 * </ul>
 *
 * Anything else, or a command that throws, replies {@code ERROR <what>}.
 */
final class TargetCommands {
    static final int AWAIT_ENABLED_SECONDS = 10;

    private final Provider provider;
    private final Scenario scenario;
    private final Probe sync;
    private final Probe done;
    private final PrintStream out;

    TargetCommands(Provider provider, Scenario scenario, Probe sync, Probe done, PrintStream out) {
        this.provider = provider;
        this.scenario = scenario;
        this.sync = sync;
        this.done = done;
        this.out = out;
    }

    void serve(BlockingQueue<String> commands) throws InterruptedException {
        String line = commands.take();
        while (true) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("exit")) {
                return;
            }
            if (words[0].equals("sync")) {
                line = fireSyncUntilNextCommand(commands);
                continue;
            }
            try {
                run(words);
            } catch (RuntimeException e) {
                reply("ERROR " + e);
            }
            line = commands.take();
        }
    }

    private void run(String[] words) throws InterruptedException {
        switch (words[0]) {
            case "await-enabled":
                reply(awaitEnabled(List.of(words).subList(1, words.length)));
                break;
            case "fire":
                for (String report : scenario.fire()) {
                    reply(report);
                }
                done.fire();
                reply("FIRED");
                break;
            case "await-semaphore":
                reply(awaitSemaphore(probeNamed(words[1]), Integer.parseInt(words[2])));
                break;
            case "java":
                reply("JAVA " + Runtime.version().feature());
                break;
            case "state":
                Probe probe = probeNamed(words[1]);
                reply("STATE " + probe.name() + " enabled=" + probe.isEnabled() + " semaphore=" + probe.semaphoreValue());
                break;
            case "site":
                reply("SITE " + provider.site().name().toLowerCase(java.util.Locale.ROOT));
                break;
            case "close":
                provider.close();
                reply("CLOSED loaded=" + provider.isLoaded() + " closed=" + provider.isClosed());
                break;
            case "ping":
                reply("PONG");
                break;
            default:
                reply("ERROR unknown command '" + String.join(" ", words) + "'");
        }
    }

    private String awaitEnabled(List<String> names) {
        List<Probe> probes = new ArrayList<>();
        for (String name : names) {
            probes.add(probeNamed(name));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_ENABLED_SECONDS);
        while (!probes.stream().allMatch(Probe::isEnabled)) {
            if (System.nanoTime() - deadline > 0) {
                StringBuilder reply = new StringBuilder("NOT-ENABLED");
                for (Probe probe : probes) {
                    reply.append(' ').append(probe.name()).append('=').append(probe.semaphoreValue());
                }
                return reply.toString();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return "ENABLED";
    }

    private String awaitSemaphore(Probe probe, int wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_ENABLED_SECONDS);
        while (probe.semaphoreValue() != wanted && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return "SEMAPHORE " + probe.name() + " " + probe.semaphoreValue();
    }

    private String fireSyncUntilNextCommand(BlockingQueue<String> commands) throws InterruptedException {
        long n = 0;
        String next;
        do {
            sync.fire(n++);
            next = commands.poll(2, TimeUnit.MILLISECONDS);
        } while (next == null);
        return next;
    }

    /** Looks a probe up by name in the declared list, which works whatever the provider's lookup method is called. */
    private Probe probeNamed(String name) {
        return provider.probes().stream().filter(p -> p.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no probe '" + name + "' in " + provider));
    }

    private void reply(String line) {
        out.println(line);
        out.flush();
    }
}
