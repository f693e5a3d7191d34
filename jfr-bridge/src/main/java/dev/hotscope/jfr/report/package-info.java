/**
 * The report on a recording: {@link dev.hotscope.jfr.report.Report} reads a JFR file once, keeping
 * bounded aggregates of hotscope's events (and the JDK's GC events), and writes them as a
 * self-contained HTML page (ECharts charts, async-profiler flame graphs) or as plain text.
 *
 * <p>Only {@code Report} and {@code ReportException} are API; the rest is package-private.
 */
package dev.hotscope.jfr.report;
