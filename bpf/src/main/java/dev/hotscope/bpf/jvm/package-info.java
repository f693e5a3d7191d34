/**
 * HotSpot GC pauses and safepoints seen from the kernel: {@link dev.hotscope.bpf.jvm.GcTracer}
 * loads {@code gc.bpf.c} for one JVM and reports each pause ({@link dev.hotscope.bpf.jvm.GcPauseEvent},
 * with the CPU time and run-queue wait its GC threads had) and each safepoint
 * ({@link dev.hotscope.bpf.jvm.SafepointEvent}, with time to safepoint and VM operation), configured
 * by {@link dev.hotscope.bpf.jvm.GcConfig}.
 */
package dev.hotscope.bpf.jvm;
