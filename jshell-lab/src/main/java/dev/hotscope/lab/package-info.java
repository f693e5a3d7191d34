/**
 * The JShell lab; filled in by issue 6.
 */
package dev.hotscope.lab;
