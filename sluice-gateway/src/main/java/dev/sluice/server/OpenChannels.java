package dev.sluice.server;

import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's unfinished answers, for a drain that runs out of time: a list linked through
 * the channels' own fields, so that tracking a request costs two pointer writes, not an
 * allocation or a hash. Not thread-safe: one verticle's event loop adds and removes.
 */
final class OpenChannels {
  private HttpChannel first;

  void add(HttpChannel channel) {
    channel.nextOpen = first;
    if (first != null) {
      first.previousOpen = channel;
    }
    first = channel;
  }

  void remove(HttpChannel channel) {
    if (channel.previousOpen != null) {
      channel.previousOpen.nextOpen = channel.nextOpen;
    } else if (first == channel) {
      first = channel.nextOpen;
    }
    if (channel.nextOpen != null) {
      channel.nextOpen.previousOpen = channel.previousOpen;
    }
    channel.previousOpen = null;
    channel.nextOpen = null;
  }

  /** The channels open now (a copy: shutting one down removes it). */
  List<HttpChannel> snapshot() {
    List<HttpChannel> channels = new ArrayList<>();
    for (HttpChannel channel = first; channel != null; channel = channel.nextOpen) {
      channels.add(channel);
    }
    return channels;
  }
}
