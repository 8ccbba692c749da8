package dev.sluice.provider;

import dev.sluice.api.ClientRequest;

/**
 * A provider's translation, for one configured backend: OpenAI-shaped client requests to the
 * provider's wire format and back. Pure: no I/O, no server types, so every translation is
 * testable on bytes alone, and repeatable (failover may retranslate the same request for
 * another provider).
 */
public interface Provider {

  /** The backend's name from the config. */
  String backend();

  /** The provider's name as OpenTelemetry's {@code gen_ai.provider.name} spells it. */
  String providerName();

  /**
   * The HTTP request for one attempt; never mutates {@code request}. Runs on an event loop:
   * no blocking, no I/O (credentials that need I/O are refreshed in the background).
   *
   * @throws UnsupportedFieldException when the request has a field this provider cannot express
   * @throws ProviderException when the request cannot be sent now (no credential yet, say)
   */
  UpstreamRequest translateRequest(ClientRequest request, String upstreamModel)
      throws ProviderException;

  /**
   * A 2xx non-streamed answer, whole, to the client's schema.
   *
   * @throws ProviderException when the body is not a valid answer (malformed JSON, wrong shape)
   */
  TranslatedResponse translateResponse(ClientRequest request, byte[] body) throws ProviderException;

  /** A fresh translator for one streamed attempt (streams carry state between chunks). */
  StreamTranslator newStreamTranslator(ClientRequest request);

  /**
   * True when this provider sends the client's own body as it came (an Anthropic client to an
   * Anthropic backend) and answers in the client's schema, untranslated.
   */
  default boolean passesThrough(ClientRequest request) {
    return false;
  }

  /** A non-2xx answer: the provider's error, with its message, for the client. */
  UpstreamError translateError(int status, byte[] body);
}
