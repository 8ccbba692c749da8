package dev.sluice.provider;

import dev.sluice.api.ClientRequest;
import java.util.List;

/**
 * A provider that answers in process instead of over HTTP (the {@code mock} backend). It answers
 * in a provider's wire format, so the answer goes through the same translation and relay path as
 * a remote one.
 */
public interface LocalProvider extends Provider {

  /** The provider's raw answer to the request: status, content type, body chunks. */
  LocalAnswer answer(UpstreamRequest request, ClientRequest clientRequest, String upstreamModel);

  /** A raw answer; for streams each chunk is one event, sent as its own write. */
  record LocalAnswer(int status, String contentType, List<byte[]> chunks) {}
}
