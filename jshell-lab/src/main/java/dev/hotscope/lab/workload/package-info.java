/**
 * Small programs to look at from the lab: {@link dev.hotscope.lab.workload.Workload} starts one in a
 * child JVM (GC churn with file IO, lock contention, an HTTP service under load) whose threads have
 * stable names, so notebooks and examples can filter by them. Everything else here runs only inside
 * that child.
 */
package dev.hotscope.lab.workload;
