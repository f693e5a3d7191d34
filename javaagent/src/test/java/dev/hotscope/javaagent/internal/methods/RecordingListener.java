package dev.hotscope.javaagent.internal.methods;

import java.util.ArrayList;
import java.util.List;

/** Keeps every span it hears of, with the thread it heard it on. */
final class RecordingListener implements MethodSpanListener {
    record Span(int id, String method, long start, long end, Thread thread) {}

    private final List<Span> spans = new ArrayList<>();

    @Override
    public synchronized void onSpan(int methodId, String method, long startNanos, long endNanos) {
        spans.add(new Span(methodId, method, startNanos, endNanos, Thread.currentThread()));
    }

    synchronized List<Span> spans() {
        return List.copyOf(spans);
    }

    synchronized List<String> methods() {
        return spans.stream().map(Span::method).toList();
    }

    synchronized void clear() {
        spans.clear();
    }
}
