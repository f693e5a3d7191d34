/** Not API. Writing and reading ELF64 objects and their SystemTap SDT notes. */
package dev.hotscope.usdt.internal.elf;
