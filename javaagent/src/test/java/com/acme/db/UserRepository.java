package com.acme.db;

/** Selected by {@code com.acme.db.*#query*}: two query methods, and one that is not. */
public final class UserRepository {
    public String queryById(long id) {
        return "user" + id;
    }

    public int queryCount() {
        return 42;
    }

    public void save(String user) {
        if (user == null) {
            throw new IllegalArgumentException("no user");
        }
    }
}
