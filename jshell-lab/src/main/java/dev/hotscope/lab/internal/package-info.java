/**
 * How the lab runs inside JShell and over the bpf module: the execution engine and its Ctrl-C, the
 * startup, the sources behind {@code dev.hotscope.lab.Lab}'s verbs, live views and exports. Not API.
 */
package dev.hotscope.lab.internal;
