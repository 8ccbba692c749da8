package dev.sluice.store;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Word between replicas that a key was created or revoked through an admin API: one Redis
 * {@code PUBLISH} on {@code <prefix>:keys} after PostgreSQL has the change, and on every replica
 * a {@code SUBSCRIBE}d connection that reads the changes at once instead of at the next poll. The
 * message only says "look": the change itself is read from PostgreSQL, numbered, so a message
 * lost (a subscriber reconnecting, Redis down) costs nothing but time; the poll every
 * {@code store.sync} stays as the bound when Redis is unreachable.
 */
public final class KeyChanges implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyChanges.class);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Redis publisher; // pooled, shared with nothing on the admission path
  private final Redis subscriberClient;
  private final String channel;
  private volatile boolean closed;
  private volatile RedisConnection subscriber;

  public KeyChanges(Vertx vertx, String url, String prefix) {
    this.vertx = vertx;
    RedisOptions options = new RedisOptions().setConnectionString(url).setMaxPoolSize(2);
    this.publisher = Redis.createClient(vertx, options);
    this.subscriberClient = Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(1));
    this.channel = prefix + ":keys";
  }

  /** Tells the other replicas to read the key changes now. Never waits, never fails the caller. */
  public void publish() {
    publisher.send(Request.cmd(Command.PUBLISH).arg(channel).arg("changed")).onFailure(e ->
        LOG.debug("store: key change not published ({}); replicas see it at their next poll",
            e.toString()));
  }

  /**
   * Runs {@code onChange} (on an event loop: it must not block) when any replica publishes,
   * and once after each (re)subscription, for what was published while not subscribed.
   */
  public KeyChanges subscribe(Runnable onChange) {
    subscriberClient.connect().onSuccess(connection -> {
      if (closed) {
        connection.close();
        return;
      }
      subscriber = connection;
      connection.handler(message -> {
        if (isMessage(message)) {
          onChange.run();
        }
      });
      connection.exceptionHandler(e -> retry(connection, onChange, e.toString()));
      connection.endHandler(v -> retry(connection, onChange, "connection closed"));
      connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
          .onSuccess(ok -> onChange.run())
          .onFailure(e -> retry(connection, onChange, e.toString()));
    }).onFailure(e -> retry(null, onChange, e.toString()));
    return this;
  }

  /** A published message, not a subscription's confirmation: {@code [message, channel, body]}. */
  private static boolean isMessage(Response response) {
    return response != null && response.size() >= 3 && "message".equals(response.get(0).toString());
  }

  private void retry(RedisConnection broken, Runnable onChange, String why) {
    if (closed || (broken != null && broken != subscriber)) {
      return; // closing, or that connection was already given up
    }
    subscriber = null;
    if (broken != null) {
      broken.close();
    }
    LOG.debug("store: key change subscription lost ({}); subscribing again in {}", why, RETRY);
    vertx.setTimer(RETRY.toMillis(), id -> {
      if (!closed) {
        subscribe(onChange);
      }
    });
  }

  @Override
  public void close() {
    closed = true;
    RedisConnection connection = subscriber;
    if (connection != null) {
      connection.close();
    }
    subscriberClient.close();
    publisher.close();
  }
}
