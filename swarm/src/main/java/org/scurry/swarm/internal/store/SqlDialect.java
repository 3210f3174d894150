package org.scurry.swarm.internal.store;

/**
 * The statements that H2 and PostgreSQL spell differently; everything else {@link SqlTransaction}
 * and the stores run is the same SQL on both. An upsert is H2's {@code MERGE ... KEY} and
 * PostgreSQL's {@code INSERT ... ON CONFLICT}.
 */
enum SqlDialect {
    H2(
            "MERGE INTO follows (follower_no, followee_no) KEY (follower_no, followee_no) VALUES (?, ?)",
            "MERGE INTO store_state (name, amount) KEY (name) VALUES ('write_probe', ?)"),
    POSTGRES(
            "INSERT INTO follows (follower_no, followee_no) VALUES (?, ?) ON CONFLICT DO NOTHING",
            "INSERT INTO store_state (name, amount) VALUES ('write_probe', ?)"
                    + " ON CONFLICT (name) DO UPDATE SET amount = EXCLUDED.amount");

    /** Adds the follow edge (follower_no, followee_no) unless it is there. */
    final String addFollow;
    /** Sets the {@code write_probe} row of {@code store_state} to the parameter. */
    final String probe;

    SqlDialect(String addFollow, String probe) {
        this.addFollow = addFollow;
        this.probe = probe;
    }
}
