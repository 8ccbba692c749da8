package dev.sluice.provider;

import java.util.List;

/**
 * One HTTP request to a provider: the path (with query) below the backend's base URL, headers
 * including the backend's own credential, and the body.
 */
public record UpstreamRequest(String method, String path, List<Header> headers, byte[] body) {

  /** One request header. */
  public record Header(String name, String value) {
    @Override
    public String toString() {
      return name + ": <" + value.length() + " chars>"; // values may be credentials
    }
  }
}
