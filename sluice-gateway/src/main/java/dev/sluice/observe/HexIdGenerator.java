package dev.sluice.observe;

import io.opentelemetry.sdk.trace.IdGenerator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random trace and span ids, as the SDK's default generator makes them (ThreadLocalRandom, never
 * all zeros), written to hex in a fresh array instead of the SDK's per-thread char buffer:
 * that buffer is a plain {@link ThreadLocal}, and looking it up on an event loop thread with many
 * thread locals took ~3% of the samples of a fully traced run (TelemetryCpu under JFR; two or
 * three ids per request).
 */
enum HexIdGenerator implements IdGenerator {
  INSTANCE;

  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  @Override
  public String generateSpanId() {
    byte[] hex = new byte[16];
    write(hex, 0, nonZero(ThreadLocalRandom.current()));
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  @Override
  public String generateTraceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] hex = new byte[32];
    write(hex, 0, random.nextLong());
    write(hex, 16, nonZero(random)); // the whole id is then never zero
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  /** The ids are random: W3C trace context level 2's random flag may be set. */
  @Override
  public boolean generatesRandomTraceIds() {
    return true;
  }

  private static void write(byte[] hex, int at, long id) {
    for (int i = at + 15; i >= at; i--) {
      hex[i] = DIGITS[(int) (id & 0xf)];
      id >>>= 4;
    }
  }

  private static long nonZero(ThreadLocalRandom random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }
}
