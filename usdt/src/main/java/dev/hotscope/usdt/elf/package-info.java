/**
 * Reading ELF64 objects: program headers, sections, symbols and SystemTap SDT notes. Used by the
 * probe listing here and by the bpf module's symbolizer.
 */
package dev.hotscope.usdt.elf;
