package dev.hotscope.bpf.tracefs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record layout of one tracepoint, from its tracefs {@code format} file.
 *
 * @param category the tracepoint's category, e.g. {@code sched}
 * @param event the tracepoint's name, e.g. {@code sched_switch}
 * @param id the kernel's event id
 * @param fields every field in record order, the {@code common_} header included; unmodifiable
 */
public record TraceEventFormat(String category, String event, int id, List<Field> fields) {
    /**
     * One field of the record.
     *
     * @param name the field's name, e.g. {@code prev_pid}
     * @param type the declaration's type text, e.g. {@code pid_t} or {@code char[16]} for {@code char prev_comm[16]}
     * @param offset bytes from the record's start
     * @param size bytes
     * @param signed whether the kernel marks it signed (values are sign-extended when read)
     */
    public record Field(String name, String type, int offset, int size, boolean signed) {
        /** @throws NullPointerException if name or type is null */
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        /** Whether this is part of the header every event has ({@code common_type}, {@code common_pid}, …). */
        public boolean isCommon() {
            return name.startsWith("common_");
        }

        /**
         * The bytes of the value as declared: a syscall tracepoint stores an {@code int} argument in
         * an 8-byte unsigned slot whose upper half is whatever the caller left there, so its value
         * is the low 4 bytes, signed. The slot's {@link #size()} for other types.
         */
        public int valueSize() {
            Integer declared = DECLARED.get(plainType());
            return declared != null && Math.abs(declared) < size ? Math.abs(declared) : size;
        }

        /** Whether the value, {@link #valueSize()} bytes, is signed (as declared, where narrower than the slot). */
        public boolean valueSigned() {
            Integer declared = DECLARED.get(plainType());
            return declared != null && Math.abs(declared) < size ? declared < 0 : signed;
        }

        private String plainType() {
            return type.replace("const ", "").replace("volatile ", "").trim();
        }

        /** Whether it is one integer or pointer of 1, 2, 4 or 8 bytes (not an array, string or struct). */
        public boolean isNumeric() {
            return (size == 1 || size == 2 || size == 4 || size == 8) && !type.contains("[")
                && !type.startsWith("__data_loc") && !type.startsWith("__rel_loc")
                && (!type.startsWith("struct ") || type.endsWith("*"));
        }
    }

    /** Declared widths of common narrow C types: bytes, negative for signed. */
    private static final Map<String, Integer> DECLARED = Map.ofEntries(
        Map.entry("char", -1), Map.entry("signed char", -1), Map.entry("unsigned char", 1), Map.entry("bool", 1),
        Map.entry("short", -2), Map.entry("unsigned short", 2), Map.entry("umode_t", 2), Map.entry("u16", 2),
        Map.entry("__u16", 2), Map.entry("s16", -2), Map.entry("__s16", -2),
        Map.entry("int", -4), Map.entry("signed int", -4), Map.entry("unsigned int", 4), Map.entry("unsigned", 4),
        Map.entry("pid_t", -4), Map.entry("clockid_t", -4), Map.entry("key_t", -4), Map.entry("mqd_t", -4),
        Map.entry("timer_t", -4), Map.entry("key_serial_t", -4), Map.entry("rwf_t", -4),
        Map.entry("uid_t", 4), Map.entry("gid_t", 4), Map.entry("qid_t", 4), Map.entry("u32", 4),
        Map.entry("__u32", 4), Map.entry("s32", -4), Map.entry("__s32", -4), Map.entry("aio_context_t", 8));

    /** @throws NullPointerException if an argument is null */
    public TraceEventFormat {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(event, "event");
        fields = List.copyOf(fields);
    }

    /** {@code category:event}. */
    public String name() {
        return category + ":" + event;
    }

    /**
     * A field by name.
     *
     * @param fieldName the name; not null
     * @return the field, or empty if the record has none of that name
     */
    public Optional<Field> field(String fieldName) {
        Objects.requireNonNull(fieldName, "fieldName");
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }
}
