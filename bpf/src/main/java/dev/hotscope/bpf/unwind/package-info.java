/**
 * DWARF (CFI) unwinding of user stacks copied by BPF, for code built without frame pointers.
 *
 * <p>{@code bpf_get_stack(BPF_F_USER_STACK)} walks frame pointers, so a syscall made from Java
 * through glibc and libjvm.so (both built without them) yields one frame. Instead, a BPF program
 * copies the user registers and the top of the stack ({@code hs_copy_user_stack()} in
 * {@code bpf/src/main/bpf/user_stack.h}, read here as a {@link dev.hotscope.bpf.unwind.UserStackSample});
 * {@link dev.hotscope.bpf.unwind.Unwinder} walks native frames with each file's
 * {@code .eh_frame} ({@link dev.hotscope.bpf.unwind.EhFrame}) and the JIT code cache by frame
 * pointer ({@code -XX:+PreserveFramePointer}), giving addresses for
 * {@code dev.hotscope.bpf.symbols.Symbolizer#symbolizeStack}.
 */
package dev.hotscope.bpf.unwind;
