package org.scurry.swarm.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.scurry.swarm.StoreLocation;

class PgFailureTest {
    @Test
    void sqlStatesSayWhetherToReconnectWaitOrFailTheCall() {
        assertThat(PgFailure.kind(new SQLException("refused", "08001"), false)).isEqualTo(PgFailure.Kind.CONNECTION);
        assertThat(PgFailure.kind(new SQLException("io", "08006"), true)).isEqualTo(PgFailure.Kind.CONNECTION);
        assertThat(PgFailure.kind(new SQLException("admin shutdown", "57P01"), false))
                .isEqualTo(PgFailure.Kind.CONNECTION);
        assertThat(PgFailure.kind(new SQLException("disk full", "53100"), false))
                .isEqualTo(PgFailure.Kind.REFUSED);
        assertThat(PgFailure.kind(new SQLException("read-only", "25006"), false))
                .isEqualTo(PgFailure.Kind.REFUSED);
        assertThat(PgFailure.kind(new SQLException("io error", "58030"), false)).isEqualTo(PgFailure.Kind.REFUSED);
        assertThat(PgFailure.kind(new SQLException("syntax", "42601"), false)).isEqualTo(PgFailure.Kind.OTHER);
        // any failure on a connection the driver has closed is a lost connection
        assertThat(PgFailure.kind(new SQLException("syntax", "42601"), true)).isEqualTo(PgFailure.Kind.CONNECTION);
        assertThat(PgFailure.kind(new StoreException("wrapped", new SQLException("x", "53100")), false))
                .isEqualTo(PgFailure.Kind.REFUSED);
    }

    @Test
    void reasonsSayWhatHappenedAndWhere() {
        assertThat(PgFailure.reason(new SQLException("could not extend file", "53100"), "jdbc:postgresql://h/db"))
                .isEqualTo("the database's disk is full (jdbc:postgresql://h/db): could not extend file");
        assertThat(PgFailure.reason(new SQLException("Connection refused", "08001"), "URL"))
                .isEqualTo("the database at URL cannot be reached: Connection refused");
    }

    @Test
    void aBatchErrorThatQuotesTheRowsIsReplacedByTheServersError() {
        BatchUpdateException batch = new BatchUpdateException(
                "Batch entry 0 INSERT INTO entries VALUES ('\\x0102'::bytea) was aborted", "25006", new int[0]);
        batch.setNextException(new SQLException("ERROR: cannot execute INSERT in a read-only transaction", "25006"));
        Throwable cause = PgFailure.unwrap(new StoreException("append failed", batch));
        assertThat(cause.getMessage()).isEqualTo("ERROR: cannot execute INSERT in a read-only transaction");
        assertThat(PgFailure.message(batch)).doesNotContain("bytea");
        assertThat(PgFailure.reason(batch, "U")).doesNotContain("bytea").contains("is read-only");
    }

    @Test
    void passwordsAreRedactedFromUrlsAndMessages() {
        assertThat(StoreLocation.redact("jdbc:postgresql://h/db?user=a&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
        assertThat(StoreLocation.redact("jdbc:postgresql://h/db?sslpassword=k3y"))
                .isEqualTo("jdbc:postgresql://h/db?sslpassword=***");
        assertThat(StoreLocation.redact("jdbc:postgresql://bob:s3cret@h:5432/db"))
                .isEqualTo("jdbc:postgresql://bob:***@h:5432/db");
        StoreLocation l = StoreLocation.postgres("jdbc:postgresql://h/db", "bob", "pa55");
        assertThat(l.toString()).isEqualTo("PostgreSQL at jdbc:postgresql://h/db as bob (password given)");
        assertThat(PgStore.scrub("login for bob with pa55 failed", l)).isEqualTo("login for bob with *** failed");
        assertThat(StoreLocation.H2.toString()).isEqualTo("H2 in the data directory");
    }
}
