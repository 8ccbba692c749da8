package dev.sluice.provider;

/**
 * The request has a field this provider cannot express. Sluice never drops such a field silently
 * (a silently dropped field can change the answer or its cost): the target is skipped, and if no
 * target can take the request the client gets a 400 naming the field.
 */
public final class UnsupportedFieldException extends ProviderException {
  private final String param;

  /** @param param the field's path in the client's request, e.g. {@code logit_bias} */
  public UnsupportedFieldException(String param, String message) {
    super(message);
    this.param = param;
  }

  public String param() {
    return param;
  }
}
