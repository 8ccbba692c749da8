package dev.sluice.pipeline;

import dev.sluice.api.GatewayError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client channel for stage tests: records the headers set and the errors answered, accepts
 * every write, and never reports the client gone.
 */
public final class RecordingChannel implements ClientChannel {
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final List<GatewayError> failures = new ArrayList<>();

  public Map<String, String> headers() {
    return headers;
  }

  public List<GatewayError> failures() {
    return failures;
  }

  @Override
  public void header(String name, String value) {
    headers.put(name, value);
  }

  @Override
  public void respond(int status, String contentType, byte[] body) {}

  @Override
  public void fail(GatewayError error) {
    failures.add(error);
  }

  @Override
  public void startStream() {}

  @Override
  public boolean write(byte[] bytes) {
    return true;
  }

  @Override
  public void onWritable(Runnable drained) {}

  @Override
  public void endStream(byte[] lastBytes) {}

  @Override
  public boolean committed() {
    return !failures.isEmpty();
  }

  @Override
  public void onClientGone(Runnable gone) {}
}
