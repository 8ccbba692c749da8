package dev.sluice.authorize;

import java.util.List;

/**
 * Everything stage 2 checks for one key, resolved once at configuration load: its access profile
 * and every limit that applies to it — its own, its project's and its team's.
 */
record KeyPolicy(AccessProfile profile, List<Limit> requestLimits, List<Limit> tokenLimits,
    List<SharedLimit> sharedRequestLimits, List<SharedLimit> sharedTokenLimits) {
  static final KeyPolicy UNLIMITED =
      new KeyPolicy(AccessProfile.ANY, List.of(), List.of(), List.of(), List.of());

  KeyPolicy(AccessProfile profile, List<Limit> requestLimits, List<Limit> tokenLimits) {
    this(profile, requestLimits, tokenLimits,
        requestLimits.stream().map(SharedLimit::new).toList(),
        tokenLimits.stream().map(SharedLimit::new).toList());
  }
}
