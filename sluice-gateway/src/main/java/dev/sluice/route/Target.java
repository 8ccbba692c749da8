package dev.sluice.route;

/**
 * One place a request may be sent: a backend, the model name to ask it for (the requested one
 * unless the route overrides it), and how it is chosen (priority tier, then weight).
 */
public record Target(String backend, String modelOverride, int weight, int priority) {

  /** The model to send upstream for a client that asked for {@code requestedModel}. */
  public String upstreamModel(String requestedModel) {
    return modelOverride != null ? modelOverride : requestedModel;
  }
}
