package dev.sluice.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real SQLite connections whose {@code commit} fails while {@link #failing} is set — what a full
 * disk or an I/O error looks like to the writer — or is slowed by {@link #commitDelayMillis}.
 */
final class FailingConnections implements ConnectionFactory {
  final AtomicBoolean failing = new AtomicBoolean();
  final AtomicInteger commitDelayMillis = new AtomicInteger();
  final AtomicInteger failedCommits = new AtomicInteger();
  private final ConnectionFactory real;

  FailingConnections(Path dir) {
    this.real = ConnectionFactory.sqlite(dir.resolve("ledger.db"));
  }

  @Override
  public Connection open() throws SQLException {
    Connection connection = real.open();
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("commit")) {
            if (failing.get()) {
              failedCommits.incrementAndGet();
              throw new SQLException("[SQLITE_IOERR] disk I/O error (simulated)");
            }
            Thread.sleep(commitDelayMillis.get());
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
