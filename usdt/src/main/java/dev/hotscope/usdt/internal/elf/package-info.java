/** Not API. Writing the SDT shared object that backs a provider. */
package dev.hotscope.usdt.internal.elf;
