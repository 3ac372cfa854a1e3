package dev.blocklab.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocklab.testing.TestDownstreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedded PostgreSQL asks for a generated password, kept in a file only its user reads, and printed nowhere. */
@ExtendWith(TestDownstreams.class)
class EmbeddedPostgresPasswordTest {
    @Test
    void noPasswordNoConnectionAndThePasswordIsInNoLog(TestDownstreams.Running downstreams) throws Exception {
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(downstreams.pgUrl(), downstreams.pgUser(), ""));
        assertTrue(refused.getMessage().contains("password"), refused.getMessage());
        assertThrows(SQLException.class, () -> DriverManager.getConnection(downstreams.pgUrl(), downstreams.pgUser(), "wrong"));

        String password = downstreams.pgPassword();
        assertTrue(password.length() >= 32, "a generated password, 24 random bytes");
        try (Connection connection = DriverManager.getConnection(downstreams.pgUrl(), downstreams.pgUser(), password)) {
            assertTrue(connection.isValid(5));
        }
        Path file = Path.of(downstreams.pgPasswordFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.readString(Path.of("target", "test-logs", "downstreams.log")).contains(password), "the password is printed nowhere");
    }
}
