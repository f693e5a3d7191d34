/**
 * Tests of {@code hotscope report} and {@code hotscope summary}: the dist jar's commands as processes,
 * and the page in headless Chromium (driven over the DevTools protocol) on a real agent recording.
 */
package dev.hotscope.tests.report;
