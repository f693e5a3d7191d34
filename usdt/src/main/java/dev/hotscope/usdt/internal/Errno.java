package dev.hotscope.usdt.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Names of Linux errno values (x86-64), so messages say {@code EACCES} not 13. Includes the
 * kernel-internal restart codes (512-516) a syscall tracepoint can see before the kernel turns
 * them into EINTR or a restart.
 */
public final class Errno {
    private Errno() {}

    private static final Map<Integer, String> NAMES = new HashMap<>();

    static {
        String[] pairs = {
            "1 EPERM",
            "2 ENOENT",
            "3 ESRCH",
            "4 EINTR",
            "5 EIO",
            "6 ENXIO",
            "7 E2BIG",
            "8 ENOEXEC",
            "9 EBADF",
            "10 ECHILD",
            "11 EAGAIN",
            "12 ENOMEM",
            "13 EACCES",
            "14 EFAULT",
            "15 ENOTBLK",
            "16 EBUSY",
            "17 EEXIST",
            "18 EXDEV",
            "19 ENODEV",
            "20 ENOTDIR",
            "21 EISDIR",
            "22 EINVAL",
            "23 ENFILE",
            "24 EMFILE",
            "25 ENOTTY",
            "26 ETXTBSY",
            "27 EFBIG",
            "28 ENOSPC",
            "29 ESPIPE",
            "30 EROFS",
            "31 EMLINK",
            "32 EPIPE",
            "33 EDOM",
            "34 ERANGE",
            "35 EDEADLK",
            "36 ENAMETOOLONG",
            "37 ENOLCK",
            "38 ENOSYS",
            "39 ENOTEMPTY",
            "40 ELOOP",
            "42 ENOMSG",
            "43 EIDRM",
            "61 ENODATA",
            "62 ETIME",
            "71 EPROTO",
            "74 EBADMSG",
            "75 EOVERFLOW",
            "84 EILSEQ",
            "88 ENOTSOCK",
            "89 EDESTADDRREQ",
            "90 EMSGSIZE",
            "91 EPROTOTYPE",
            "92 ENOPROTOOPT",
            "93 EPROTONOSUPPORT",
            "95 EOPNOTSUPP",
            "97 EAFNOSUPPORT",
            "98 EADDRINUSE",
            "99 EADDRNOTAVAIL",
            "100 ENETDOWN",
            "101 ENETUNREACH",
            "103 ECONNABORTED",
            "104 ECONNRESET",
            "105 ENOBUFS",
            "106 EISCONN",
            "107 ENOTCONN",
            "110 ETIMEDOUT",
            "111 ECONNREFUSED",
            "113 EHOSTUNREACH",
            "114 EALREADY",
            "115 EINPROGRESS",
            "116 ESTALE",
            "122 EDQUOT",
            "125 ECANCELED",
            "130 EOWNERDEAD",
            "131 ENOTRECOVERABLE",
            "512 ERESTARTSYS",
            "513 ERESTARTNOINTR",
            "514 ERESTARTNOHAND",
            "515 ENOIOCTLCMD",
            "516 ERESTART_RESTARTBLOCK",
            "524 ENOTSUPP",
        };
        for (String pair : pairs) {
            int space = pair.indexOf(' ');
            NAMES.put(Integer.parseInt(pair.substring(0, space)), pair.substring(space + 1));
        }
    }

    /** The symbolic name of an errno value (sign ignored), e.g. {@code EACCES}, or {@code errno N}. */
    public static String name(int errno) {
        int n = Math.abs(errno);
        String name = NAMES.get(n);
        return name != null ? name : "errno " + n;
    }

    /** {@code NAME (N)}, the form every hotscope message uses. */
    public static String describe(int errno) {
        return name(errno) + " (" + Math.abs(errno) + ")";
    }
}
