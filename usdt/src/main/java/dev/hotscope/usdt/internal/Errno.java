package dev.hotscope.usdt.internal;

/** Names of the Linux errno values hotscope reports, so messages say {@code EACCES} not 13. */
public final class Errno {
    private Errno() {}

    private static final String[] NAMES = new String[525];

    static {
        String[] pairs = {
            "1 EPERM", "2 ENOENT", "3 ESRCH", "4 EINTR", "5 EIO", "6 ENXIO", "7 E2BIG", "8 ENOEXEC",
            "9 EBADF", "10 ECHILD", "11 EAGAIN", "12 ENOMEM", "13 EACCES", "14 EFAULT", "16 EBUSY",
            "17 EEXIST", "19 ENODEV", "20 ENOTDIR", "21 EISDIR", "22 EINVAL", "23 ENFILE",
            "24 EMFILE", "25 ENOTTY", "26 ETXTBSY", "27 EFBIG", "28 ENOSPC", "30 EROFS", "32 EPIPE",
            "34 ERANGE", "35 EDEADLK", "36 ENAMETOOLONG", "38 ENOSYS", "40 ELOOP", "61 ENODATA",
            "62 ETIME", "75 EOVERFLOW", "95 EOPNOTSUPP", "110 ETIMEDOUT", "125 ECANCELED",
            "524 ENOTSUPP",
        };
        for (String pair : pairs) {
            int space = pair.indexOf(' ');
            int number = Integer.parseInt(pair.substring(0, space));
            if (number < NAMES.length) {
                NAMES[number] = pair.substring(space + 1);
            }
        }
    }

    /** The symbolic name of an errno value, e.g. {@code EACCES}, or {@code errno N} if unknown. */
    public static String name(int errno) {
        int n = Math.abs(errno);
        String name = n < NAMES.length ? NAMES[n] : null;
        return name != null ? name : "errno " + n;
    }

    /** {@code NAME (N)}, the form every hotscope message uses. */
    public static String describe(int errno) {
        return name(errno) + " (" + Math.abs(errno) + ")";
    }
}
